using Pairing.Application.Documents;
using Pairing.Workflows.Plugins;

namespace Pairing.Application.Plugins;

/// <summary>Everything the pairing programs plug into the generic engine. The document effects reach the app's
/// document service through a function because the service is built after the engine it serves.</summary>
public static class ProgramPlugins
{
    public static PluginRegistry Create(Func<AgreementDocuments>? documents = null)
    {
        documents ??= () => throw new InvalidOperationException("No document service: build the registry through PairingApp.");
        return new PluginRegistry()
            .Add(new PartyRolesGuard())
            .Add(new ExclusivePartiesGuard())
            .Add(new AgreementFieldsGuard())
            .Add(new DesignatedSignatoryGuard())
            .Add(new FreezeRevisionEffect(documents))
            .Add(new SignDocumentEffect(documents))
            .Add(new SealDocumentEffect(documents))
            .Add(new MarkSignedEffect())
            .Add(new MarkEndedEffect())
            .Add(new NotifyEffect())
            .Add(new SemesterCalendarRule())
            .Add(new SchoolYearCalendarRule());
    }
}
