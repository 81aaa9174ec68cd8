using Pairing.Data;
using Pairing.Data.Workflows;
using Pairing.Workflows.Plugins;
using Pairing.Workflows.Storage;

namespace Pairing.Application.Plugins;

/// <summary>The DbContext of the step a plug-in runs in: Pairing's rows read and written there join the step's
/// transaction.</summary>
internal static class StepData
{
    public static PairingDbContext Db(this GuardContext context) => EfWorkflowSession.DbOf(context.Session);
    public static PairingDbContext Db(this EffectContext context) => EfWorkflowSession.DbOf(context.Session);
    public static PairingDbContext Db(this IWorkflowSession session) => EfWorkflowSession.DbOf(session);
}
