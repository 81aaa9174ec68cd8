using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Pairing.Data.Workflows;
using Pairing.Domain.Accounts;
using Pairing.Domain.Agreements;
using Pairing.Domain.Funding;
using Pairing.Domain.Notifications;
using Pairing.Domain.Registry;
using Pairing.Workflows.Persistence;

namespace Pairing.Data;

/// <summary>One database for the registry, agreements and the engine's tables. Each provider has its own subclass
/// so that SQLite and PostgreSQL keep their own migrations.</summary>
public abstract class PairingDbContext(DbContextOptions options) : IdentityUserContext<IdentityUser>(options), IDataProtectionKeyContext
{
    public DbSet<City> Cities => Set<City>();
    public DbSet<County> Counties => Set<County>();
    public DbSet<Institution> Institutions => Set<Institution>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<Agreement> Agreements => Set<Agreement>();
    public DbSet<AgreementParty> AgreementParties => Set<AgreementParty>();
    public DbSet<AgreementRevision> AgreementRevisions => Set<AgreementRevision>();
    public DbSet<AgreementDocument> AgreementDocuments => Set<AgreementDocument>();
    public DbSet<EvidenceFile> EvidenceFiles => Set<EvidenceFile>();
    public DbSet<IndicatorValue> IndicatorValues => Set<IndicatorValue>();
    public DbSet<CountyBudget> CountyBudgets => Set<CountyBudget>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationRead> NotificationReads => Set<NotificationRead>();
    public DbSet<OutgoingEmail> OutgoingEmails => Set<OutgoingEmail>();
    public DbSet<WorkflowInstance> Instances => Set<WorkflowInstance>();
    public DbSet<WorkflowTask> Tasks => Set<WorkflowTask>();
    public DbSet<WorkflowTimer> Timers => Set<WorkflowTimer>();
    public DbSet<JournalEntry> Journal => Set<JournalEntry>();
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<DefinitionRecord> Definitions => Set<DefinitionRecord>();
    public DbSet<JournalCheckpoint> Checkpoints => Set<JournalCheckpoint>();
    public DbSet<OutboxEffect> Outbox => Set<OutboxEffect>();
    /// <summary>ASP.NET Core data protection keys (cookies, antiforgery), so every web process reads the same ones.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        WorkflowModel.Configure(builder);
        builder.Entity<DataProtectionKey>(e => e.ToTable("data_protection_keys"));
        builder.Entity<City>(e =>
        {
            e.ToTable("cities");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(50);
        });
        builder.Entity<County>(e =>
        {
            e.ToTable("counties");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(50);
            e.HasIndex(x => x.CityCode);
        });
        builder.Entity<Institution>(e =>
        {
            e.ToTable("institutions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Code).HasMaxLength(50);
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasIndex(x => x.Code).IsUnique();
            e.HasIndex(x => new { x.CityCode, x.CountyCode });
            e.Ignore(x => x.ScopeKey);
        });
        builder.Entity<Account>(e =>
        {
            e.ToTable("accounts");
            e.HasKey(x => x.Id);
            e.Property(x => x.UserName).HasMaxLength(100);
            e.Property(x => x.PersonName).HasMaxLength(50);
            e.Property(x => x.Position).HasMaxLength(50);
            e.Property(x => x.Email).HasMaxLength(200);
            e.HasIndex(x => x.UserName).IsUnique();
        });
        builder.Entity<Agreement>(e =>
        {
            e.ToTable("agreements");
            e.HasKey(x => x.Id);
            e.Property(x => x.Number).HasMaxLength(50);
            e.HasIndex(x => x.Number).IsUnique();
            e.HasIndex(x => x.InstanceId).IsUnique();
            e.HasIndex(x => new { x.CityCode, x.Program });
            e.Property(x => x.FundingAmount).HasPrecision(18, 2);
            e.HasMany(x => x.Parties).WithOne().HasForeignKey(p => p.AgreementId);
        });
        builder.Entity<AgreementParty>(e =>
        {
            e.ToTable("agreement_parties");
            e.HasKey(x => x.Id);
            e.Property(x => x.SignatoryAccount).HasMaxLength(100);
            e.HasIndex(x => x.InstitutionCode);
            // The access check "is this school a party of that agreement" is an EXISTS per listed agreement.
            e.HasIndex(x => new { x.AgreementId, x.InstitutionCode });
        });
        builder.Entity<AgreementRevision>(e =>
        {
            e.ToTable("agreement_revisions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.AgreementId, x.Number }).IsUnique();
        });
        builder.Entity<AgreementDocument>(e =>
        {
            e.ToTable("agreement_documents");
            e.HasKey(x => x.Id);
            e.Property(x => x.Reference).HasMaxLength(100);
            e.Property(x => x.Kind).HasMaxLength(20).HasDefaultValue(DocumentKind.Agreement);
            e.Property(x => x.UnsignedSha256).HasMaxLength(64);
            e.Property(x => x.Signatures).HasConversion(JsonColumn.Converter<SignatureRecord>(), JsonColumn.Comparer<SignatureRecord>());
            e.Property(x => x.Slots).HasConversion(JsonColumn.Converter<SignatureSlot>(), JsonColumn.Comparer<SignatureSlot>());
            e.HasIndex(x => x.Reference).IsUnique();
            e.HasIndex(x => x.UnsignedSha256);
            e.HasIndex(x => new { x.AgreementId, x.Revision, x.Kind }).IsUnique();
        });
        builder.Entity<EvidenceFile>(e =>
        {
            e.ToTable("evidence_files");
            e.HasKey(x => x.Id);
            e.Property(x => x.Cycle).HasMaxLength(50);
            e.Property(x => x.FileName).HasMaxLength(200);
            e.HasIndex(x => new { x.AgreementId, x.Cycle });
        });
        builder.Entity<IndicatorValue>(e =>
        {
            e.ToTable("indicator_values");
            e.HasKey(x => x.Id);
            e.Property(x => x.Workflow).HasMaxLength(100);
            e.Property(x => x.Cycle).HasMaxLength(50);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Type).HasMaxLength(20);
            e.Property(x => x.Unit).HasMaxLength(20);
            e.Property(x => x.Number).HasPrecision(18, 4);
            e.HasIndex(x => new { x.InstanceId, x.Name }).IsUnique();
            e.HasIndex(x => new { x.AgreementId, x.PeriodStart });
        });
        builder.Entity<CountyBudget>(e =>
        {
            e.ToTable("county_budgets");
            e.HasKey(x => x.Id);
            e.Property(x => x.CityCode).HasMaxLength(50);
            e.Property(x => x.CountyCode).HasMaxLength(50);
            e.Property(x => x.Program).HasMaxLength(100);
            e.Property(x => x.Line).HasMaxLength(100);
            e.Property(x => x.Document).HasMaxLength(100);
            e.Property(x => x.Amount).HasPrecision(18, 2);
            e.HasIndex(x => new { x.CityCode, x.CountyCode, x.Year });
        });
        builder.Entity<Notification>(e =>
        {
            e.ToTable("notifications");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Key).IsUnique();
            e.HasIndex(x => x.Scope);
        });
        builder.Entity<NotificationRead>(e =>
        {
            e.ToTable("notification_reads");
            e.HasKey(x => new { x.NotificationId, x.UserName });
            e.Property(x => x.UserName).HasMaxLength(100);
            e.HasIndex(x => x.UserName);
        });
        builder.Entity<OutgoingEmail>(e =>
        {
            e.ToTable("email_outbox");
            e.HasKey(x => x.Id);
            e.Property(x => x.UserName).HasMaxLength(100);
            e.Property(x => x.To).HasMaxLength(200);
            e.Property(x => x.Subject).HasMaxLength(500);
            e.Property(x => x.LastError).HasMaxLength(2000);
            e.HasIndex(x => new { x.SentAt, x.FailedAt, x.NextAttemptAt });
            e.HasIndex(x => x.NotificationId);
        });
    }
}

public sealed class SqlitePairingDbContext(DbContextOptions<SqlitePairingDbContext> options) : PairingDbContext(options);

public sealed class PostgresPairingDbContext(DbContextOptions<PostgresPairingDbContext> options) : PairingDbContext(options);
