namespace Pairing.Workflows.Persistence;

public static class TaskStatus
{
    public const string Open = "open";
    public const string Done = "done";
    public const string Cancelled = "cancelled";
}

/// <summary>An inbox item (待办): who may act (roles within one scope key), on what, by when, and how it ended.</summary>
public sealed class WorkflowTask
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public string State { get; set; } = "";
    public string Title { get; set; } = "";
    /// <summary>Comma-separated role names.</summary>
    public string Roles { get; set; } = "";
    public string Scope { get; set; } = "";
    /// <summary>For signoff tasks, the action that completes it.</summary>
    public string? SignoffAction { get; set; }
    public string Status { get; set; } = TaskStatus.Open;
    public DateTime CreatedAt { get; set; }
    public DateTime? DueAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public string? Outcome { get; set; }
    public string? ClosedBy { get; set; }
}
