using System.Diagnostics;
using IntelHub.Contracts.V1;
using IntelHub.LoadGenerator.Workload;

namespace IntelHub.LoadGenerator.Tests;

/// <summary>
/// The generator's matching of deliveries to their submissions' replies: an item is held only until every followed
/// recipient has received it, a delivery that comes before its reply is counted and not lost, and the items held are capped.
/// </summary>
public sealed class AwaitedDeliveriesTests
{
    private const string Riu = "riu";
    private const string Gwent = "gwent-police";
    private const string Council = "cardiff-council";

    private static readonly long Start = Stopwatch.GetTimestamp();

    [Fact]
    public void An_item_is_let_go_once_every_followed_recipient_has_received_it_and_unfollowed_ones_are_not_awaited()
    {
        // Given the RIU's and Gwent's streams followed, and an item routed to both and to a council nobody follows
        var awaited = new AwaitedDeliveries([Riu, Gwent]);
        awaited.Replied(Receipt("item-1", Riu, Gwent, Council), At(0));

        // When the RIU receives it 10 ms after the reply, then Gwent 25 ms after
        awaited.Received(Riu, "item-1", At(10), measured: true);
        var heldWhileGwentWaits = awaited.Held;
        awaited.Received(Gwent, "item-1", At(25), measured: true);

        // Then the item is held until Gwent has it, and both deliveries are measured from the reply
        Assert.Equal((1, 0), (heldWhileGwentWaits, awaited.Held));
        var summary = awaited.Summarize();
        var latencies = summary.Recorded[OperationKind.InboxDeliveryAfterReply].Latencies;
        Assert.Equal(2, latencies.Count);
        Assert.InRange(latencies.MinMicroseconds, 9_900, 10_100);
        Assert.InRange(latencies.MaxMicroseconds, 24_900, 25_100);
        Assert.Equal((0L, 0L, 0L), (summary.ArrivedBeforeReply, summary.Unmatched, summary.Forgotten));
    }

    [Fact]
    public void An_item_routed_to_no_followed_stream_is_not_held()
    {
        var awaited = new AwaitedDeliveries([Riu]);

        awaited.Replied(Receipt("item-council", Council), At(0));
        awaited.Replied(Receipt("item-nowhere"), At(0));

        Assert.Equal(0, awaited.Held);
    }

    [Fact]
    public void A_delivery_before_its_reply_is_counted_at_0_ms_with_how_far_it_came_first()
    {
        // Given the RIU receiving an item 5 ms before its submitter has the reply
        var awaited = new AwaitedDeliveries([Riu, Gwent]);
        awaited.Received(Riu, "item-1", At(0), measured: true);
        var heldBeforeReply = awaited.Held;

        // When the reply comes, and then Gwent receives the item 7 ms after it
        awaited.Replied(Receipt("item-1", Riu, Gwent), At(5));
        awaited.Received(Gwent, "item-1", At(12), measured: true);

        // Then the early one is 0 ms and tallied, the later one measured from the reply, and the item let go
        var summary = awaited.Summarize();
        var latencies = summary.Recorded[OperationKind.InboxDeliveryAfterReply].Latencies;
        Assert.Equal((1, 0), (heldBeforeReply, awaited.Held));
        Assert.Equal(2, latencies.Count);
        Assert.Equal(0, latencies.MinMicroseconds);
        Assert.InRange(latencies.MaxMicroseconds, 6_900, 7_100);
        Assert.Equal(1, summary.ArrivedBeforeReply);
        Assert.InRange(summary.LongestLead.TotalMilliseconds, 4.9, 5.1);
        Assert.Equal(0, summary.Unmatched);
    }

    [Fact]
    public void A_delivery_outside_the_measured_window_lets_its_item_go_without_being_recorded()
    {
        var awaited = new AwaitedDeliveries([Riu]);
        awaited.Replied(Receipt("item-1", Riu), At(0));

        awaited.Received(Riu, "item-1", At(3), measured: false);

        Assert.Equal(0, awaited.Held);
        Assert.Equal(0, awaited.Summarize().Recorded[OperationKind.InboxDeliveryAfterReply].Latencies.Count);
    }

    [Fact]
    public void Past_the_cap_the_oldest_items_are_forgotten_and_their_late_or_repeated_deliveries_are_unmatched()
    {
        // Given a cap of 3 and five items awaiting the RIU
        var awaited = new AwaitedDeliveries([Riu], capacity: 3);
        for (var i = 0; i < 5; i++) awaited.Replied(Receipt($"item-{i}", Riu), At(i));
        var heldAtCap = awaited.Held;
        var forgottenAtCap = awaited.Summarize().Forgotten;

        // When the last arrives, then the first (forgotten), then the last again (a reopened stream's repeat)
        awaited.Received(Riu, "item-4", At(54), measured: true);
        awaited.Received(Riu, "item-0", At(55), measured: true);
        awaited.Received(Riu, "item-4", At(60), measured: true);

        // Then three were held and two forgotten; the last is measured once, and the other two deliveries are unmatched
        var summary = awaited.Summarize();
        Assert.Equal((3, 2L), (heldAtCap, forgottenAtCap));
        Assert.Equal(1, summary.Recorded[OperationKind.InboxDeliveryAfterReply].Latencies.Count);
        Assert.Equal(2, summary.Unmatched);
        // Still held: the two unmatched deliveries' items, awaiting a reply that will not come, until the cap drops them.
        Assert.Equal(2, awaited.Held);
    }

    [Fact]
    public void Items_settled_behind_a_stale_one_never_take_more_than_the_cap()
    {
        // Given an item whose delivery never comes, then a thousand that are each received after their reply
        var awaited = new AwaitedDeliveries([Riu], capacity: 10);
        awaited.Replied(Receipt("item-stale", Riu), At(0));
        var mostHeld = 0;
        for (var i = 0; i < 1_000; i++)
        {
            awaited.Replied(Receipt($"item-{i}", Riu), At(i));
            awaited.Received(Riu, $"item-{i}", At(i + 1), measured: true);
            mostHeld = Math.Max(mostHeld, awaited.Held);
        }

        // Then at most the cap was held, the stale item was forgotten, and once it was, nothing more is held
        var summary = awaited.Summarize();
        Assert.Equal(10, mostHeld);
        Assert.Equal(1, summary.Forgotten);
        Assert.Equal(0, awaited.Held);
        Assert.Equal(1_000, summary.Recorded[OperationKind.InboxDeliveryAfterReply].Latencies.Count);
    }

    private static long At(int milliseconds) => Start + (milliseconds * Stopwatch.Frequency / 1_000);

    private static SubmissionReceipt Receipt(string itemId, params string[] routedTo)
    {
        var receipt = new SubmissionReceipt { ItemId = itemId };
        receipt.Routing.AddRange(routedTo.Select(agency => new RoutedParty { Agency = new AgencyRef { AgencyId = agency } }));
        return receipt;
    }
}
