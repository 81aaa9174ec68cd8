using Microsoft.EntityFrameworkCore;
using Pairing.Workflows.Persistence;

namespace Pairing.Data.Workflows;

/// <summary>EF Core mapping of the engine's tables (wf_*), part of Pairing's one DbContext.</summary>
public static class WorkflowModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<DefinitionRecord>(e =>
        {
            e.ToTable("wf_definitions");
            e.HasKey(x => new { x.DefinitionId, x.Version });
            e.Property(x => x.DefinitionId).HasMaxLength(100);
            e.Property(x => x.Hash).HasMaxLength(64);
        });
        b.Entity<WorkflowInstance>(e =>
        {
            e.ToTable("wf_instances");
            e.HasKey(x => x.Id);
            e.Property(x => x.DefinitionId).HasMaxLength(100);
            e.Property(x => x.State).HasMaxLength(100);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.SubjectType).HasMaxLength(50);
            e.Property(x => x.SubjectId).HasMaxLength(100);
            e.Property(x => x.ChildKey).HasMaxLength(100);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => new { x.SubjectType, x.SubjectId });
            e.HasIndex(x => new { x.ParentId, x.ChildKey }).IsUnique();
            e.HasIndex(x => new { x.DefinitionId, x.Status });
            // The dashboard counts open report cycles by state under their agreements.
            e.HasIndex(x => new { x.State, x.Status, x.ParentId });
            e.Property(x => x.JournalSeal).HasMaxLength(64);
        });
        b.Entity<WorkflowTask>(e =>
        {
            e.ToTable("wf_tasks");
            e.HasKey(x => x.Id);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.Scope).HasMaxLength(100);
            e.HasIndex(x => new { x.Status, x.Scope });
            e.HasIndex(x => x.InstanceId);
        });
        b.Entity<WorkflowTimer>(e =>
        {
            e.ToTable("wf_timers");
            e.HasKey(x => x.Id);
            e.Property(x => x.Status).HasMaxLength(20).IsConcurrencyToken();
            e.Property(x => x.TimerId).HasMaxLength(100);
            e.Property(x => x.ClaimedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.Status, x.DueAt });
            // The claim's "no earlier pending timer of this instance" probe.
            e.HasIndex(x => new { x.InstanceId, x.Status, x.DueAt });
        });
        b.Entity<OutboxEffect>(e =>
        {
            e.ToTable("wf_outbox");
            e.HasKey(x => x.Id);
            e.Property(x => x.DefinitionId).HasMaxLength(100);
            e.Property(x => x.State).HasMaxLength(100);
            e.Property(x => x.Step).HasMaxLength(200);
            e.Property(x => x.Effect).HasMaxLength(100);
            e.Property(x => x.EffectKey).HasMaxLength(300);
            e.Property(x => x.Status).HasMaxLength(20).IsConcurrencyToken();
            e.Property(x => x.ClaimedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.HasIndex(x => x.InstanceId);
        });
        b.Entity<JournalEntry>(e =>
        {
            e.ToTable("wf_journal");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.Property(x => x.PrevHash).HasMaxLength(64);
            e.HasIndex(x => new { x.InstanceId, x.Seq }).IsUnique();
        });
        b.Entity<JournalCheckpoint>(e =>
        {
            e.ToTable("wf_checkpoints");
            e.HasKey(x => x.Seq);
            e.Property(x => x.Seq).ValueGeneratedNever();
            e.Property(x => x.SetDigest).HasMaxLength(64);
            e.Property(x => x.Mac).HasMaxLength(64);
            e.Property(x => x.PrevMac).HasMaxLength(64);
        });
        b.Entity<Incident>(e =>
        {
            e.ToTable("wf_incidents");
            e.HasKey(x => x.Id);
            e.Property(x => x.Status).HasMaxLength(20);
            e.HasIndex(x => new { x.Status, x.InstanceId });
        });
        b.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("wf_idempotency");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(200);
        });
    }
}
