using Pairing.Workflows.Plugins;

namespace Pairing.Application.Plugins;

/// <summary>Everything the pairing programs plug into the generic engine.</summary>
public static class ProgramPlugins
{
    public static PluginRegistry Create() => new PluginRegistry()
        .Add(new PartyRolesGuard())
        .Add(new ExclusivePartiesGuard())
        .Add(new AgreementFieldsGuard())
        .Add(new FreezeRevisionEffect())
        .Add(new MarkSignedEffect())
        .Add(new MarkEndedEffect())
        .Add(new NotifyEffect())
        .Add(new SemesterCalendarRule())
        .Add(new SchoolYearCalendarRule());
}
