using IntelHub.Demo;
using IntelHub.Identity;
using IntelHub.Server.Reports;
using IntelHub.Storage;

namespace IntelHub.Server.DemoData;

/// <summary>
/// Loads generated reports into the hub's store in bulk, each as a real submission would be stored: validated by the
/// hub's <see cref="SubmissionReader"/>, routed and audited by <see cref="Submissions.Prepare"/> under the protocols in
/// force, as the submitting agency's own user, then written by <see cref="IHubStore.BulkLoadAsync"/> in one transaction
/// per batch. Only the transaction differs from one submission at a time: a batch is durable, and audited, as a whole.
/// </summary>
public sealed class DataSetLoader(IHubStore store, Submissions submissions, AreaCatalogue areas, TimeProvider time)
{
    /// <summary>Stores the batch and returns one outcome per report, in order. A report the hub would refuse throws, and nothing of the batch is stored.</summary>
    public Task<IReadOnlyList<SubmissionOutcome>> LoadAsync(IReadOnlyList<ScenarioSubmission> reports, CancellationToken cancellationToken) =>
        StoreAsync(Prepare(reports, cancellationToken), cancellationToken);

    /// <summary>
    /// What the store keeps for each report (validated, routed, audited), in order; a report the hub would refuse
    /// throws the hub's own validation error. Kept apart from <see cref="StoreAsync"/> so a loader can prepare the next
    /// batch while the store writes this one.
    /// </summary>
    public IReadOnlyList<Submission> Prepare(IReadOnlyList<ScenarioSubmission> reports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        // Deciding routing for every agency is most of the work, and independent per report: spread it over the cores.
        return reports.AsParallel().AsOrdered().WithCancellation(cancellationToken).Select(report =>
        {
            var caller = new Caller(report.SubmittingAgencyId, report.UserId, UserRole.Submitter);
            var submission = report.Information is { } information
                ? SubmissionReader.ReadInformation(information, areas, today)
                : SubmissionReader.ReadIntelligence(report.Intelligence!, areas, today);
            return submissions.Prepare(submission, caller, traceId: "");
        }).ToList();
    }

    /// <summary>Writes prepared submissions in one transaction; outcomes in order.</summary>
    public Task<IReadOnlyList<SubmissionOutcome>> StoreAsync(IReadOnlyList<Submission> prepared, CancellationToken cancellationToken) =>
        store.BulkLoadAsync(prepared, cancellationToken);

    /// <summary>Once every batch is stored: readies the store's search indexes (<see cref="IHubStore.FinishBulkLoadAsync"/>).</summary>
    public Task FinishAsync(CancellationToken cancellationToken) => store.FinishBulkLoadAsync(cancellationToken);
}
