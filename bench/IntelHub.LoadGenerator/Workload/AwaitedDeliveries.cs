using System.Diagnostics;
using IntelHub.Contracts.V1;
using IntelHub.LoadGenerator.Recording;

namespace IntelHub.LoadGenerator.Workload;

/// <summary>
/// What matching deliveries to their submissions' replies found, in the measured window: <see cref="Recorded"/> holds
/// the reply → received latencies (a delivery that arrived before its reply counted as 0 ms).
/// </summary>
/// <param name="ArrivedBeforeReply">Measured deliveries that reached their follower before the submitter had the reply.</param>
/// <param name="LongestLead">The most such a delivery came before its reply.</param>
/// <param name="Unmatched">
/// Measured deliveries matched to no reply: of an item this generator saw no reply for (submitted by another client, or
/// its call failed), one already matched for that stream (a reopened stream replays from its cursor), or one forgotten.
/// </param>
/// <param name="Forgotten">Items dropped, at the cap, before every delivery expected of them had arrived.</param>
internal sealed record ReplyMatching(Recorder Recorded, long ArrivedBeforeReply, TimeSpan LongestLead, long Unmatched, long Forgotten);

/// <summary>
/// The deliveries on followed streams that each submission's reply leads the generator to expect, so that a delivery's
/// time can be measured from the reply, as issue 11's inbox target names it. A reply lists the agencies the item was
/// delivered to (one inbox entry each); those that are followed are awaited, and an item is let go once each of them has
/// received it. The hub sends the reply and the deliveries after the same commit, so a delivery may reach its follower
/// first: it is held, by item, until the reply comes, and then counted as arrived before the reply (0 ms).
/// Memory is bounded: the items held, in the order they were first seen, are at most <paramref name="capacity"/>; past
/// that the oldest is forgotten, and a delivery of it that arrives later is unmatched. Thread-safe: submitting workers
/// and followers call it concurrently.
/// </summary>
internal sealed class AwaitedDeliveries
{
    /// <summary>
    /// Items held at most: some 10 MB at worst, and at 700 submissions/s (the inbox workload on 2 cores) over a minute of
    /// deliveries behind before an item is forgotten.
    /// </summary>
    public const int Capacity = 50_000;

    private readonly Dictionary<string, int> _followed = new(StringComparer.Ordinal);
    private readonly int _capacity;
    private readonly Dictionary<string, AwaitedItem> _items = new(StringComparer.Ordinal);
    // Every item held, in the order first seen; a settled item leaves once it reaches the head, so a stale one at the
    // head keeps settled ones behind it, and the cap counts those too.
    private readonly Queue<AwaitedItem> _order = new();
    private readonly Lock _guard = new();
    private readonly Recorder _recorded = new();
    private long _arrivedBeforeReply;
    private long _longestLeadTicks;
    private long _unmatched;
    private long _forgotten;

    /// <param name="followedAgencies">The agencies whose inbox streams are followed (at most 64).</param>
    public AwaitedDeliveries(IReadOnlyList<string> followedAgencies, int capacity = Capacity)
    {
        ArgumentNullException.ThrowIfNull(followedAgencies);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(followedAgencies.Count, 64, nameof(followedAgencies));
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        for (var i = 0; i < followedAgencies.Count; i++) _followed.Add(followedAgencies[i], i);
        _capacity = capacity;
    }

    /// <summary>Items held (awaiting deliveries or their reply, or settled behind one that is), at most the capacity.</summary>
    public int Held
    {
        get
        {
            lock (_guard) return _order.Count;
        }
    }

    /// <summary>A submission's reply arrived (at <paramref name="repliedAt"/>, a <see cref="Stopwatch"/> timestamp): awaits its followed recipients.</summary>
    public void Replied(SubmissionReceipt receipt, long repliedAt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var awaited = 0UL;
        foreach (var party in receipt.Routing)
        {
            if (_followed.TryGetValue(party.Agency.AgencyId, out var stream)) awaited |= 1UL << stream;
        }
        if (awaited == 0) return;
        lock (_guard)
        {
            if (!_items.TryGetValue(receipt.ItemId, out var item))
            {
                Hold(new AwaitedItem(receipt.ItemId) { RepliedAt = repliedAt, Awaited = awaited });
                return;
            }
            // Every submission has its own idempotency key, so an item has one reply; a repeated one awaits nothing more.
            if (item.RepliedAt != 0) return;
            // Deliveries that came first.
            item.RepliedAt = repliedAt;
            item.Awaited = awaited & ~item.ArrivedEarly;
            _unmatched += item.MeasuredEarlyElsewhere(awaited);
            var early = item.MeasuredEarlyOn(awaited);
            for (var i = 0; i < early; i++) _recorded.Succeeded(OperationKind.InboxDeliveryAfterReply, TimeSpan.Zero);
            _arrivedBeforeReply += early;
            if (early > 0) _longestLeadTicks = Math.Max(_longestLeadTicks, repliedAt - item.FirstMeasuredEarlyAt);
            item.ClearEarly();
            if (item.Awaited == 0) Settle(item);
        }
    }

    /// <summary>
    /// A followed stream received an item (at <paramref name="receivedAt"/>, a <see cref="Stopwatch"/> timestamp);
    /// <paramref name="measured"/>: whether the delivery falls in the measured window.
    /// </summary>
    public void Received(string agencyId, string itemId, long receivedAt, bool measured)
    {
        ArgumentNullException.ThrowIfNull(agencyId);
        ArgumentNullException.ThrowIfNull(itemId);
        if (!_followed.TryGetValue(agencyId, out var stream)) throw new ArgumentException($"The agency {agencyId} is not followed.", nameof(agencyId));
        var bit = 1UL << stream;
        lock (_guard)
        {
            if (!_items.TryGetValue(itemId, out var item))
            {
                item = new AwaitedItem(itemId);
                item.Arrived(bit, receivedAt, measured);
                Hold(item);
                return;
            }
            if (item.RepliedAt == 0)
            {
                if ((item.ArrivedEarly & bit) != 0)
                {
                    if (measured) _unmatched++;
                }
                else item.Arrived(bit, receivedAt, measured);
                return;
            }
            if ((item.Awaited & bit) == 0)
            {
                if (measured) _unmatched++;
                return;
            }
            item.Awaited &= ~bit;
            if (measured) _recorded.Succeeded(OperationKind.InboxDeliveryAfterReply, Stopwatch.GetElapsedTime(item.RepliedAt, receivedAt));
            if (item.Awaited == 0) Settle(item);
        }
    }

    /// <summary>What matching found; deliveries still waiting for a reply count as unmatched (call it once the run has stopped).</summary>
    public ReplyMatching Summarize()
    {
        lock (_guard)
        {
            var waiting = _items.Values.Where(i => i.RepliedAt == 0).Sum(i => (long)i.MeasuredEarly);
            return new ReplyMatching(Recorder.Merge([_recorded]), _arrivedBeforeReply, Stopwatch.GetElapsedTime(0, _longestLeadTicks), _unmatched + waiting, _forgotten);
        }
    }

    private void Hold(AwaitedItem item)
    {
        _items.Add(item.ItemId, item);
        _order.Enqueue(item);
        while (_order.Count > _capacity)
        {
            var oldest = _order.Dequeue();
            if (oldest.Settled) continue;
            _items.Remove(oldest.ItemId);
            if (oldest.RepliedAt == 0) _unmatched += oldest.MeasuredEarly;
            else _forgotten++;
        }
        DropSettledHead();
    }

    private void Settle(AwaitedItem item)
    {
        item.Settled = true;
        _items.Remove(item.ItemId);
        DropSettledHead();
    }

    private void DropSettledHead()
    {
        while (_order.TryPeek(out var oldest) && oldest.Settled) _order.Dequeue();
    }

    /// <summary>One item: the followed streams (one bit each) still to receive it once replied, and those that received it first.</summary>
    private sealed class AwaitedItem(string itemId)
    {
        private ulong _measuredEarly;

        public string ItemId { get; } = itemId;

        /// <summary>When the submitter had the reply (a <see cref="Stopwatch"/> timestamp); 0 until then.</summary>
        public long RepliedAt { get; set; }

        public ulong Awaited { get; set; }

        public ulong ArrivedEarly { get; private set; }

        public long FirstMeasuredEarlyAt { get; private set; }

        public int MeasuredEarly => System.Numerics.BitOperations.PopCount(_measuredEarly);

        public bool Settled { get; set; }

        public void Arrived(ulong stream, long receivedAt, bool measured)
        {
            ArrivedEarly |= stream;
            if (!measured) return;
            if (_measuredEarly == 0) FirstMeasuredEarlyAt = receivedAt;
            _measuredEarly |= stream;
        }

        /// <summary>Measured early arrivals on streams the reply awaits.</summary>
        public int MeasuredEarlyOn(ulong awaited) => System.Numerics.BitOperations.PopCount(_measuredEarly & awaited);

        /// <summary>Measured early arrivals on streams the reply does not list.</summary>
        public int MeasuredEarlyElsewhere(ulong awaited) => System.Numerics.BitOperations.PopCount(_measuredEarly & ~awaited);

        public void ClearEarly() => ArrivedEarly = _measuredEarly = 0;
    }
}
