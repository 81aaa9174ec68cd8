namespace Pairing.Workflows.Persistence;

public static class TimerStatus
{
    public const string Pending = "pending";
    public const string Fired = "fired";
    public const string Cancelled = "cancelled";
}

/// <summary>A timer is a row: any worker may claim it; its status changes exactly once from pending.</summary>
public sealed class WorkflowTimer
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public string State { get; set; } = "";
    public string TimerId { get; set; } = "";
    public DateTime DueAt { get; set; }
    public string Status { get; set; } = TimerStatus.Pending;
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    public DateTime? FiredAt { get; set; }
    public DateTime CreatedAt { get; set; }
}
