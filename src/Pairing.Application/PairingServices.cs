using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Pairing.Application.Audit;
using Pairing.Application.Catalog;
using Pairing.Application.Compliance;
using Pairing.Application.Documents;
using Pairing.Application.Notifications;
using Pairing.Application.Pipeline;
using Pairing.Application.Plugins;
using Pairing.Application.Seeding;
using Pairing.Data;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Plugins;
using Pairing.Workflows.Runtime;
using Pairing.Workflows.Storage;
using Pairing.Workflows.Timers;

namespace Pairing.Application;

/// <summary>Where Pairing keeps its data and keys, which clock it runs on (tests and `--now` move it), and how it
/// e-mails notifications.</summary>
public sealed record PairingOptions(string? ConnectionString, DocumentSettings? Documents = null, TimeProvider? Clock = null, MailSettings? Mail = null);

/// <summary>The composition of the application layer: the database and the engine over it, the programs' plug-ins,
/// the document services, and every use case (one request and handler per file) behind MediatR with its pipeline:
/// logging, then the engine's errors as the application's, then validation.</summary>
public static class PairingServices
{
    public static IServiceCollection AddPairing(this IServiceCollection services, PairingOptions options)
    {
        var database = new PairingDatabase(options.ConnectionString);
        var documents = options.Documents ?? DocumentSettings.FromEnvironment(database.ConnectionString);
        services.AddSingleton(database);
        services.AddSingleton(documents);
        var mail = options.Mail ?? MailSettings.FromEnvironment(documents.PkiFolder, documents.PublicUrl);
        services.AddSingleton(mail);
        services.AddSingleton<INotificationSender>(mail.UsesSmtp ? new SmtpEmailSender(mail) : new FileEmailSender(mail));
        services.AddSingleton(options.Clock ?? TimeProvider.System);
        services.AddLogging();

        // The engine over Pairing's database.
        services.AddSingleton<IWorkflowStore>(_ => database.WorkflowStore());
        services.AddSingleton(_ => new EngineOptions { JournalKey = JournalKeyFile.LoadOrCreate(documents.PkiFolder) });
        services.AddSingleton<PluginRegistry>();
        services.AddSingleton<DefinitionLoader>();
        services.AddSingleton<DefinitionStore>();
        services.AddSingleton<EngineParts>();
        services.AddSingleton<WorkflowEngine>();
        services.AddSingleton<TimerDispatcher>();
        services.AddSingleton<IncidentService>();
        services.AddSingleton<WorkflowCatalog>();
        services.AddSingleton<ProgramDirectory>();

        // The programs' rules, effects and school calendars.
        foreach (var guard in new[] { typeof(PartyRolesGuard), typeof(ExclusivePartiesGuard), typeof(AgreementFieldsGuard), typeof(DesignatedSignatoryGuard), typeof(CountyBudgetGuard) })
            services.AddSingleton(typeof(IGuard), guard);
        foreach (var effect in new[] { typeof(FreezeRevisionEffect), typeof(MarkSignedEffect), typeof(MarkEndedEffect), typeof(NotifyEffect), typeof(RecordIndicatorsEffect) })
            services.AddSingleton(typeof(IEffect), effect);
        services.AddSingleton<ICalendarRule, SemesterCalendarRule>();
        services.AddSingleton<ICalendarRule, SchoolYearCalendarRule>();

        // Documents, keys, verification, audit, compliance, seeding.
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<AgreementDocuments>();
        services.AddSingleton<SignaturePreparation>();
        services.AddSingleton<DocumentVerifier>();
        services.AddSingleton<JournalAudit>();
        services.AddSingleton<ComplianceCalculator>();
        services.AddTransient<Seeder>();

        // Use cases.
        services.AddTransient<ServiceFactory>(provider => provider.GetService!);
        services.AddTransient<IMediator, Mediator>();
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(EngineErrorBehavior<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        foreach (var type in typeof(PairingServices).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }))
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType &&
                         (i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>) || i.GetGenericTypeDefinition() == typeof(IValidator<>))))
                services.AddTransient(contract, type);
        return services;
    }
}
