using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Server.AuditTrail;
using IntelHub.Server.Disclosures;
using IntelHub.Server.Disseminations;
using IntelHub.Server.Sharing;
using IntelHub.Server.Telemetry;
using IntelHub.Storage;
using AuditEntry = IntelHub.Audit.Entries.AuditEntry;

namespace IntelHub.Server.Inbox;

/// <summary>
/// An agency's inbox: the items routed to it, in position order. What each delivery releases is decided on every
/// read for the reading user's role and declared purpose under the protocols in force (<see cref="ReaderDecision"/>),
/// never taken from the routing decision. Delivery is at-least-once: the stream resumes after the last acknowledged
/// position, so anything sent but not acknowledged before a disconnect is sent again. Every delivery and
/// acknowledgement is audited, with what was actually released, before the client sees it.
/// </summary>
public sealed class InboxDeliveries(
    IHubStore store, ReaderDecision decisions, SharingPolicy sharing, DisclosureProjection projection, AuditRecorder audit,
    InboxSignal signal, InboxOptions options, TimeProvider time, HubMetrics metrics, DisseminationGrants grants)
{
    /// <summary>A stream's flow-control window (max_unacknowledged) when the request gives none.</summary>
    public const int DefaultWindow = 100;
    /// <summary>The largest window a stream may ask for.</summary>
    public const int MaxWindow = 1000;
    // Batches a stream may have decided and queued for their audit commit before writing the first of them.
    private const int MaxBatchesInFlight = 4;
    private const int DefaultPageSize = 25;
    private const int MaxPageSize = 100;
    private const string DeliveryIdPrefix = "dlv-";
    private static readonly WriteOptions BufferedWrite = new(WriteFlags.BufferHint);

    /// <summary>
    /// The most a page of deliveries (or one batch of a stream) holds, encoded: well under gRPC's default 4 MiB
    /// message limit, so a client with default settings can always read it. A single larger delivery still goes,
    /// alone on its page.
    /// </summary>
    internal const int MaxPageBytes = 3 * 1024 * 1024;

    // What a delivery adds to its page beyond its own encoding: its field tag and length (at most 6 bytes), and the
    // audit leaf index set once the deliveries are audited (a tag and a varint of at most 10 bytes).
    private const int EnvelopeBytes = 6 + 11;

    internal async Task StreamAsync(StreamInboxRequest request, Caller caller, IServerStreamWriter<StreamInboxResponse> stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stream);
        var problems = new Validation.FieldViolations();
        var purpose = DeclaredPurpose.Read(request.Purpose, problems);
        if (request.MaxUnacknowledged > MaxWindow) problems.Add("max_unacknowledged", $"Use at most {MaxWindow}, or 0 for {DefaultWindow}.");
        problems.ThrowIfAny("The inbox stream was not opened");
        await purpose!.EnsureNamedAsync(sharing, audit, caller, "inbox", cancellationToken);
        var window = request.MaxUnacknowledged == 0 ? DefaultWindow : (int)request.MaxUnacknowledged;
        var acknowledged = await store.AcknowledgedPositionAsync(caller.AgencyId, cancellationToken);
        var sent = await StartPositionAsync(request.HasAfterPosition ? request.AfterPosition : null, acknowledged, caller, cancellationToken);
        var lastWrite = time.GetUtcNow();
        // Batches decided and queued for their audit commit, not yet written, in position order.
        var pending = new Queue<PendingBatch>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                while (pending.TryPeek(out var committed) && committed.Leaves.IsCompleted)
                {
                    await ReleaseAsync(pending.Dequeue(), stream, cancellationToken);
                    lastWrite = time.GetUtcNow();
                }
                acknowledged = await store.AcknowledgedPositionAsync(caller.AgencyId, cancellationToken);
                // The window opens on an acknowledgement this process has accepted, before its commit: flow control only.
                var open = Math.Max(acknowledged, signal.AcknowledgedPosition(caller.AgencyId));
                var room = (int)Math.Min(open + window - sent, DefaultWindow);
                var entries = room > 0 && pending.Count < MaxBatchesInFlight ? await store.ReadInboxAsync(caller.AgencyId, sent, room, cancellationToken) : [];
                if (entries.Count > 0)
                {
                    // One batch is decided by one protocol set; the next batch by the set in force then. The next batch is
                    // decided while this one's audit entries commit, so a stream is not limited to one batch per commit.
                    PreparedBatch batch;
                    using (sharing.Pin()) batch = await PrepareAsync(entries, caller, purpose, acknowledged, cancellationToken);
                    pending.Enqueue(new PendingBatch(batch.Deliveries, audit.RecordAsync(batch.AuditEntries, cancellationToken)));
                    sent = (long)batch.Deliveries[^1].Position;
                    continue;
                }
                if (pending.Count > 0)
                {
                    await ReleaseAsync(pending.Dequeue(), stream, cancellationToken);
                    lastWrite = time.GetUtcNow();
                    continue;
                }
                if (time.GetUtcNow() - lastWrite >= options.HeartbeatInterval)
                {
                    await stream.WriteAsync(new StreamInboxResponse
                    {
                        Heartbeat = new InboxHeartbeat { LastSentPosition = (ulong)sent, AcknowledgedPosition = (ulong)acknowledged, SentAt = Timestamp.FromDateTimeOffset(time.GetUtcNow()) },
                    }, cancellationToken);
                    lastWrite = time.GetUtcNow();
                }
                await signal.WaitAsync(caller.AgencyId, options.PollInterval, cancellationToken);
            }
        }
        finally
        {
            // A stream that ends (the client left, a write failed) leaves its unsent batches' entries committing: an
            // attempted delivery stays on record. Their outcome is observed here, as nobody waits for it any more.
            foreach (var unsent in pending) _ = unsent.Leaves.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Writes a batch once its audit entries are durable (never before: nothing leaves unaudited), each delivery with
    /// its audit leaf. Only the batch's last delivery flushes: one write to the connection per batch.
    /// </summary>
    private static async Task ReleaseAsync(PendingBatch batch, IServerStreamWriter<StreamInboxResponse> stream, CancellationToken cancellationToken)
    {
        AttachLeaves(batch.Deliveries, await batch.Leaves.WaitAsync(cancellationToken));
        for (var i = 0; i < batch.Deliveries.Count; i++)
        {
            stream.WriteOptions = i < batch.Deliveries.Count - 1 ? BufferedWrite : null;
            await stream.WriteAsync(new StreamInboxResponse { Delivery = batch.Deliveries[i] }, cancellationToken);
        }
    }

    internal async Task<ListInboxResponse> ListAsync(ListInboxRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new Validation.FieldViolations();
        var purpose = DeclaredPurpose.Read(request.Purpose, problems);
        if (request.PageSize is < 0 or > MaxPageSize) problems.Add("page_size", $"Ask for 1 to {MaxPageSize} deliveries a page, or 0 for {DefaultPageSize}.");
        long? tokenPosition = null;
        if (request.PageToken.Length > 0)
        {
            if (long.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out var position)) tokenPosition = position;
            else problems.Add("page_token", "Not a page token from this inbox: send the next_page_token you were given, or leave it empty.");
        }
        problems.ThrowIfAny("The inbox was not listed");
        await purpose!.EnsureNamedAsync(sharing, audit, caller, "inbox", cancellationToken);

        var acknowledged = await store.AcknowledgedPositionAsync(caller.AgencyId, cancellationToken);
        long after = tokenPosition ?? (request.HasAfterPosition ? (long)Math.Min(request.AfterPosition, long.MaxValue) : request.IncludeAcknowledged ? 0 : acknowledged);
        if (!request.IncludeAcknowledged) after = Math.Max(after, acknowledged);
        var pageSize = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var entries = await store.ReadInboxAsync(caller.AgencyId, after, pageSize, cancellationToken);
        var deliveries = entries.Count == 0 ? [] : await DeliverAsync(entries, caller, purpose, acknowledged, cancellationToken);
        var more = entries.Count == pageSize || deliveries.Count < entries.Count;
        var response = new ListInboxResponse
        {
            AcknowledgedPosition = (ulong)acknowledged,
            NextPageToken = more ? deliveries[^1].Position.ToString(CultureInfo.InvariantCulture) : "",
        };
        response.Deliveries.AddRange(deliveries);
        return response;
    }

    internal async Task<AcknowledgeResponse> AcknowledgeAsync(AcknowledgeRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var before = await store.AcknowledgedPositionAsync(caller.AgencyId, cancellationToken);
        var upTo = request.TargetCase switch
        {
            AcknowledgeRequest.TargetOneofCase.UpToPosition => (long)Math.Min(request.UpToPosition, long.MaxValue),
            AcknowledgeRequest.TargetOneofCase.Deliveries => ContiguousRun(request.Deliveries, before),
            _ => throw new Validation.FieldViolations().With("target", "Say what to acknowledge: up_to_position, or deliveries with their delivery ids.").ToException("Nothing was acknowledged"),
        };
        if (upTo <= before)
            return new AcknowledgeResponse { NewlyAcknowledged = 0, AcknowledgedPosition = (ulong)before };

        // One audit entry per newly acknowledged delivery, written with the cursor's move in one transaction, which other
        // requests' audit entries and acknowledgements share: a stream's flow control waits for this commit, so it does
        // not queue behind the single writer once per acknowledgement.
        var entries = await store.ReadInboxAsync(caller.AgencyId, before, (int)Math.Min(upTo - before, 10_000), cancellationToken);
        if (entries.Count == 0 || entries[^1].Position < upTo && entries.Count < 10_000)
        {
            var head = entries.Count == 0 ? before : entries[^1].Position;
            throw new RpcException(new Status(StatusCode.OutOfRange,
                $"Position {upTo} is beyond the end of your inbox (position {head}): acknowledge only what you have received."));
        }
        upTo = Math.Min(upTo, entries[^1].Position);
        signal.Acknowledged(caller.AgencyId, upTo); // the agency's streams may send on while the acknowledgement commits
        var now = time.GetUtcNow();
        var auditEntries = entries.Where(e => e.Position <= upTo).Select(e => new AuditEntry
        {
            Time = now, Action = AuditAction.Acknowledgement, Agency = caller.AgencyId, User = caller.UserId, ItemId = e.ItemId,
            Decision = "acknowledged:" + e.Position.ToString(CultureInfo.InvariantCulture), TraceId = AuditRecorder.TraceId,
        }).ToList();
        long after;
        try
        {
            after = await audit.RecordAcknowledgementAsync(caller.AgencyId, upTo, auditEntries, cancellationToken);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new RpcException(new Status(StatusCode.OutOfRange, $"Position {upTo} is beyond the end of your inbox: acknowledge only what you have received."));
        }
        return new AcknowledgeResponse { NewlyAcknowledged = (uint)Math.Max(0, after - before), AcknowledgedPosition = (ulong)after };
    }

    public static string DeliveryId(long position) => DeliveryIdPrefix + position.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Acknowledging by delivery id moves the cursor over the ids that continue it without a gap.
    /// The hub keeps one cursor per agency, so an id beyond a gap cannot be remembered: it is
    /// refused, with what to acknowledge first, rather than silently dropped.
    /// </summary>
    private static long ContiguousRun(DeliveryIds deliveries, long acknowledged)
    {
        var problems = new Validation.FieldViolations();
        var positions = new SortedSet<long>();
        for (var i = 0; i < deliveries.DeliveryIds_.Count; i++)
        {
            var id = deliveries.DeliveryIds_[i];
            if (id.StartsWith(DeliveryIdPrefix, StringComparison.Ordinal)
                && long.TryParse(id.AsSpan(DeliveryIdPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var position) && position > 0)
                positions.Add(position);
            else
                problems.Add($"deliveries.delivery_ids[{i}]", $"'{id}' is not a delivery id from your inbox (they look like {DeliveryId(1)}).");
        }
        if (positions.Count == 0 && !problems.Any) problems.Add("deliveries.delivery_ids", "Give at least one delivery id.");
        problems.ThrowIfAny("Nothing was acknowledged");

        var run = acknowledged;
        foreach (var position in positions.Where(p => p > acknowledged))
        {
            if (position != run + 1)
                throw new RpcException(new Status(StatusCode.FailedPrecondition,
                    $"Delivery {DeliveryId(position)} cannot be acknowledged before {DeliveryId(run + 1)}: acknowledge deliveries in order, or use up_to_position."));
            run = position;
        }
        return run;
    }

    private async Task<long> StartPositionAsync(ulong? requested, long acknowledged, Caller caller, CancellationToken cancellationToken)
    {
        if (requested is null) return acknowledged;
        if (requested < (ulong)acknowledged)
            throw new RpcException(new Status(StatusCode.OutOfRange,
                $"Position {requested} is before your last acknowledged position {acknowledged}: acknowledged deliveries are not streamed again. Leave after_position unset to resume, or use ListInbox with include_acknowledged."));
        var after = (long)Math.Min(requested.Value, long.MaxValue);
        if (after > acknowledged && (await store.ReadInboxAsync(caller.AgencyId, after - 1, 1, cancellationToken)).Count == 0)
            throw new RpcException(new Status(StatusCode.OutOfRange, $"Position {after} is beyond the end of your inbox: resume from a position you have received."));
        return after;
    }

    /// <summary>A page of deliveries (<see cref="PrepareAsync"/>), audited in one transaction, each with its audit leaf.</summary>
    private async Task<List<InboxDelivery>> DeliverAsync(IReadOnlyList<InboxEntry> entries, Caller caller, DeclaredPurpose purpose, long acknowledged, CancellationToken cancellationToken)
    {
        var batch = await PrepareAsync(entries, caller, purpose, acknowledged, cancellationToken);
        AttachLeaves(batch.Deliveries, await audit.RecordAsync(batch.AuditEntries, cancellationToken));
        return batch.Deliveries;
    }

    private static void AttachLeaves(List<InboxDelivery> deliveries, IReadOnlyList<long> leaves)
    {
        for (var i = 0; i < deliveries.Count; i++)
        {
            if (deliveries[i].Item is { } disclosed) disclosed.DisclosureAuditLeafIndex = (ulong)leaves[i];
        }
    }

    /// <summary>
    /// Decides and projects each entry for this reader, in position order, until the page would pass
    /// <see cref="MaxPageBytes"/> (the first entry always goes): the deliveries, and one audit entry for each, in order.
    /// </summary>
    private async Task<PreparedBatch> PrepareAsync(IReadOnlyList<InboxEntry> entries, Caller caller, DeclaredPurpose purpose, long acknowledged, CancellationToken cancellationToken)
    {
        var deliveries = new List<InboxDelivery>(entries.Count);
        var auditEntries = new List<AuditEntry>(entries.Count);
        var now = time.GetUtcNow();
        var bytes = 0;
        // The batch's items in one read rather than one per entry (an inbox batch holds at most DefaultWindow entries).
        var items = (await store.GetItemsAsync([.. entries.Select(e => e.ItemId)], cancellationToken)).ToDictionary(i => i.ItemId, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var item = items.GetValueOrDefault(entry.ItemId)
                ?? throw new InvalidOperationException($"Inbox entry {entry.Position} of {entry.AgencyId} names item {entry.ItemId}, which the store does not hold.");
            var release = decisions.ForInbox(item, caller, purpose);
            // The originator's decision on the agency's dissemination request: a grant in force shows the granted view.
            var decided = entry.DisseminationId is null ? null : await store.GetDisseminationAsync(entry.DisseminationId, cancellationToken);
            var granted = decided is not null && release.Outcome is { } shown ? grants.Of(decided, item, caller, purpose, shown) : null;
            var delivery = new InboxDelivery
            {
                DeliveryId = DeliveryId(entry.Position),
                Position = (ulong)entry.Position,
                QueuedAt = Timestamp.FromDateTimeOffset(entry.QueuedAt),
                Reason = release.Outcome is null ? DeliveryReason.Withdrawn
                    : decided is null ? DeliveryReason.Routed
                    : decided.Status == DisseminationRecord.Granted ? DeliveryReason.DisseminationGranted : DeliveryReason.DisseminationRefused,
                DisseminationId = entry.DisseminationId ?? "",
                Acknowledged = entry.Position <= acknowledged,
            };
            if (release.Outcome is { } outcome)
            {
                delivery.Item = granted is not null ? DisseminationGrants.Project(projection, item, granted, outcome)
                    : projection.Project(item, outcome.View, outcome.Obligations, DisclosureProjection.Basis(outcome.ProtocolId, outcome.ProtocolVersion, outcome.RuleId));
            }
            var size = delivery.CalculateSize() + EnvelopeBytes;
            if (deliveries.Count > 0 && bytes + size > MaxPageBytes) break;
            bytes += size;
            deliveries.Add(delivery);
            var audited = DeliveryEntry(delivery, entry, item, caller, purpose, release, now);
            auditEntries.Add(granted is null ? audited : audited with { Decision = audited.Decision + " " + DisseminationGrants.AuditDecision(granted.Grant) });
            metrics.Delivered(now - entry.QueuedAt);
            if (delivery.Item is not null) metrics.Disclosed(DisclosureProjection.ViewName(delivery.Item), "inbox");
        }
        return new PreparedBatch(deliveries, auditEntries);
    }

    private sealed record PreparedBatch(List<InboxDelivery> Deliveries, List<AuditEntry> AuditEntries);

    /// <summary>A decided batch whose audit entries are queued for commit; <see cref="Leaves"/> completes once they are durable.</summary>
    private sealed record PendingBatch(List<InboxDelivery> Deliveries, Task<IReadOnlyList<long>> Leaves);

    /// <summary>The delivery's audit entry: the reader, the purpose, and the view and digest of exactly what was released (none when withdrawn).</summary>
    private static AuditEntry DeliveryEntry(InboxDelivery delivery, InboxEntry entry, StoredItem item, Caller caller, DeclaredPurpose purpose, InboxRelease release, DateTimeOffset now)
    {
        var position = entry.Position.ToString(CultureInfo.InvariantCulture);
        var decided = release.Outcome ?? release.Routing;
        var released = delivery.Item;
        return new AuditEntry
        {
            Time = now, Action = AuditAction.Delivery, Agency = caller.AgencyId, User = caller.UserId, Counterparty = item.OriginatorAgencyId,
            ItemId = item.ItemId, ContentDigest = released is null ? null : DisclosureProjection.DigestOf(released, item),
            View = released is null ? "" : DisclosureProjection.ViewName(released),
            Decision = (released is null ? "withdrawn:" : "delivered:") + position, ProtocolId = decided.ProtocolId,
            ProtocolVersion = decided.ProtocolVersion, Rule = decided.RuleId, Purpose = purpose.ForAudit,
            Justification = purpose.Justification, TraceId = AuditRecorder.TraceId,
        };
    }
}
