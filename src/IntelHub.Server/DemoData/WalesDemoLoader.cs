using IntelHub.Demo;
using IntelHub.Demo.Roster;
using IntelHub.Identity;
using IntelHub.Server.Reports;
using IntelHub.Server.Sharing;
using IntelHub.Storage;

namespace IntelHub.Server.DemoData;

/// <summary>
/// Loads the synthetic Wales scenario into an empty hub (when <c>Hub:DemoData</c> is set), before
/// the hub accepts calls. Each report goes through the same validation, routing and audit as a
/// real submission, as the submitting agency's own user, so the demo shows the protocols at work.
/// A hub that already holds any item is left alone. "Empty" is decided by items, not by the audit
/// log: the hub audits its protocol publications before this runs, so a fresh hub's log is never empty.
/// </summary>
internal sealed partial class WalesDemoLoader(IHubStore store, Submissions submissions, AreaCatalogue areas, TimeProvider time, ILogger<WalesDemoLoader> logger) : IHostedService
{
    public int Loaded { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if ((await store.FindItemsAsync(new ItemQuery { IncludeDisposed = true, Limit = 1 }, cancellationToken)).Count > 0) return;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        // The scenario covers the twelve months up to now, so its review dates lie ahead.
        var start = new DateOnly(today.Year, today.Month, 1).AddMonths(-12);
        var scenario = WalesScenario.Generate(ScenarioRoster.Wales, new ScenarioOptions(start: start));
        foreach (var report in scenario)
        {
            var caller = new Caller(report.SubmittingAgencyId, report.UserId, UserRole.Submitter);
            var submission = report.Information is { } information
                ? SubmissionReader.ReadInformation(information, areas, today)
                : SubmissionReader.ReadIntelligence(report.Intelligence!, areas, today);
            await submissions.SubmitAsync(submission, caller, traceId: "", cancellationToken);
            Loaded++;
        }
        DemoLoaded(logger, Loaded);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Loaded the Wales demo scenario: {Count} synthetic submissions, routed and audited.")]
    private static partial void DemoLoaded(ILogger logger, int count);
}
