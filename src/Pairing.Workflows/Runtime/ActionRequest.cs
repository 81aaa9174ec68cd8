using Pairing.Workflows.Persistence;

namespace Pairing.Workflows.Runtime;

/// <summary>One action on one instance. IdempotencyKey makes a retry safe; ExpectedVersion, when given, makes a
/// stale screen fail with a conflict instead of acting on a state the user never saw. Participant picks which
/// party signs when the actor may sign for several. WithinStep lets the host save its own rows in the same
/// transaction.</summary>
public sealed record ActionRequest(
    string IdempotencyKey,
    string? Comment = null,
    IReadOnlyDictionary<string, string>? Inputs = null,
    int? ExpectedVersion = null,
    string? Participant = null,
    Func<Storage.IWorkflowSession, WorkflowInstance, Task>? WithinStep = null);

public sealed record ActionOutcome(
    Guid InstanceId,
    string Action,
    string FromState,
    string ToState,
    int Version,
    bool Repeated,
    int OpenSignoffs);
