using System.Globalization;
using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Policy.Decisions;
using IntelHub.Server.AuditTrail;
using IntelHub.Server.Disclosures;
using IntelHub.Server.Inbox;
using IntelHub.Server.Sharing;
using IntelHub.Server.Telemetry;
using IntelHub.Server.Validation;
using IntelHub.Storage;
using AuditEntry = IntelHub.Audit.Entries.AuditEntry;
using DecisionReason = IntelHub.Policy.Decisions.DecisionReason;

namespace IntelHub.Server.Reports;

/// <summary>
/// Submitting an item: decide routing for every agency under the protocols in force, then store
/// the item, its routing decisions, the inbox entries and the audit entries in one transaction.
/// The reply is built only from what the store made durable.
/// </summary>
public sealed class Submissions(
    IHubStore store, SharingPolicy sharing, DisclosureProjection projection, InboxSignal inboxes, TimeProvider time, HubMetrics metrics, EntitlementIndex entitlements)
{
    /// <summary>
    /// What the store keeps for a submission: the item, a routing decision for every agency a protocol connects to the
    /// originator, and the audit entries of the submission and each decision. Used for every stored submission, one at a
    /// time (<see cref="SubmitAsync(ValidatedSubmission, Caller, string, CancellationToken)"/>) or in bulk (<see cref="DataSetLoader"/>).
    /// <paramref name="alsoRecord"/> makes one more entry for the new item's id, after the submission's own (a compiled product's compilation).
    /// </summary>
    internal Submission Prepare(ValidatedSubmission submission, Caller caller, string traceId, Func<string, AuditEntry>? alsoRecord = null)
    {
        var now = time.GetUtcNow();
        RetentionCap(submission, caller.AgencyId, DateOnly.FromDateTime(now.UtcDateTime));
        var item = StoredItemBuilder.Build(submission, caller, now);
        var routing = new List<RoutingRecord>();
        var audit = new List<ReadOnlyMemory<byte>>
        {
            HubAuditLog.Encode(new AuditEntry
            {
                Time = now, Action = AuditAction.Submission, Agency = caller.AgencyId, User = caller.UserId,
                ItemId = item.ItemId, ContentDigest = ContentDigest.FromHex(item.ContentDigest), Decision = "stored", TraceId = traceId,
            }),
        };

        var routingDecisions = sharing.Route(item);
        foreach (var agency in sharing.Agencies)
        {
            if (agency == caller.AgencyId) continue;
            var outcome = routingDecisions.Decide(agency);
            metrics.Decided(outcome.Permitted ? "permit" : "deny", "receive");
            // Routing records every permit and every deny that a protocol or the originator's
            // restrictions caused; agencies no protocol connects to the originator are not listed.
            if (!outcome.Permitted && outcome.Reason is DecisionReason.NoProtocolPermits or DecisionReason.UnknownAgency) continue;
            var view = DisclosureProjection.ViewName(outcome.View);
            routing.Add(new RoutingRecord(agency, outcome.Permitted, outcome.Permitted ? view : null,
                NullIfEmpty(outcome.ProtocolId), NullIfEmpty(outcome.ProtocolVersion), NullIfEmpty(outcome.RuleId),
                ObligationNames(outcome.Obligations), outcome.Reason.ToString()));
            audit.Add(HubAuditLog.Encode(new AuditEntry
            {
                Time = now, Action = AuditAction.RoutingDecision, Agency = caller.AgencyId, User = caller.UserId, Counterparty = agency,
                ItemId = item.ItemId, View = outcome.Permitted ? view : "", Decision = outcome.Permitted ? "permit" : "deny:" + outcome.Reason,
                ProtocolId = outcome.ProtocolId, ProtocolVersion = outcome.ProtocolVersion, Rule = outcome.RuleId, TraceId = traceId,
            }));
        }

        if (alsoRecord is not null) audit.Add(HubAuditLog.Encode(alsoRecord(item.ItemId)));
        return new Submission(item, submission.IdempotencyKey, routing, audit) { RequestDigest = submission.RequestDigest };
    }

    internal async Task<SubmissionReceipt> SubmitAsync(ValidatedSubmission submission, Caller caller, string traceId, CancellationToken cancellationToken) =>
        (await SubmitAsync(submission, caller, traceId, alsoRecord: null, cancellationToken)).Receipt;

    /// <summary>
    /// Submits, recording in the same transaction, after the submission's own entries, the entry <paramref name="alsoRecord"/>
    /// makes for the new item's id (a compiled product's compilation); returns every audit sequence the store gave.
    /// </summary>
    internal async Task<(SubmissionReceipt Receipt, IReadOnlyList<long> AuditSequences)> SubmitAsync(
        ValidatedSubmission submission, Caller caller, string traceId, Func<string, AuditEntry>? alsoRecord, CancellationToken cancellationToken)
    {
        // Until this commits, a refresh of the entitlement index for a newer protocol set waits for it.
        using var routingUnderWay = await entitlements.BeginRoutingAsync(cancellationToken);
        var prepared = Prepare(submission, caller, traceId, alsoRecord);
        SubmissionOutcome stored;
        try
        {
            stored = await store.SubmitAsync(prepared, cancellationToken);
        }
        catch (StoreConflictException conflict)
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists,
                $"The idempotency key '{submission.IdempotencyKey}' was already used for a different submission: use a new key for a new report. ({conflict.Message})"));
        }
        foreach (var delivered in stored.Delivered) inboxes.Notify(delivered.AgencyId);

        var receipt = new SubmissionReceipt
        {
            ItemId = stored.ItemId,
            AuditLeafIndex = (ulong)stored.AuditSequences[0],
            Replayed = stored.Duplicate,
        };
        receipt.Routing.AddRange(stored.Delivered.Select(d => new RoutedParty
        {
            Agency = projection.Agency(d.AgencyId),
            View = DisclosureProjection.ViewFrom(d.View) switch
            {
                Policy.Decisions.DisclosureView.Full => Contracts.V1.DisclosureView.Full,
                Policy.Decisions.DisclosureView.Sanitised => Contracts.V1.DisclosureView.Sanitised,
                _ => Contracts.V1.DisclosureView.ExistenceOnly,
            },
            Basis = DisclosureProjection.Basis(d.ProtocolId, d.ProtocolVersion, d.RuleId),
        }));
        return (receipt, stored.AuditSequences);
    }

    public static IReadOnlyList<string> ObligationNames(Obligations obligations) =>
        Enum.GetValues<Obligations>().Where(o => o != Obligations.None && obligations.HasFlag(o)).Select(o => o.ToString()).ToList();

    /// <summary>A review date beyond the retention rule of the originator's protocols is refused (policies/README.md, "Retention").</summary>
    private void RetentionCap(ValidatedSubmission submission, string originator, DateOnly today)
    {
        var categories = Policy.Compilation.PolicySnapshot.CategoriesOf(submission.PersonalData.Select(StoredNames.PersonalData), submission.Themes.Any(t => t.AgeGroup == Domain.Themes.AgeGroup.Minor));
        if (sharing.LatestReviewDate(originator, submission.Kind, categories, today) is not { } cap || submission.ReviewDate.Date <= cap.Latest) return;
        var what = cap.For == Policy.Decisions.Words.ItemKinds.WordFor(submission.Kind) ? cap.For : $"{cap.For} data";
        new FieldViolations().With("review_date",
            $"{Day(submission.ReviewDate.Date)} is later than protocol '{cap.Protocol.Id}' v{cap.Protocol.Version} allows for {what} ({cap.Period}): give a review date no later than {Day(cap.Latest)}.")
            .ThrowIfAny("Nothing was stored");
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
