using IntelHub.Contracts.V1;
using IntelHub.Demo.Roster;
using IntelHub.LoadGenerator.Workload;

namespace IntelHub.LoadGenerator.Tests;

/// <summary>The generator's sample of stored items: bounded, yet drawn from every item a long run stores.</summary>
public sealed class KnownItemsTests
{
    [Fact]
    public void A_long_run_keeps_a_bounded_sample_drawn_from_early_and_late_items_with_readers_they_were_routed_to()
    {
        // Given a sample of 1,000 and 20,000 items stored, each routed to the RIU
        var parties = new ScenarioParties(ScenarioRoster.Wales);
        var items = new KnownItems(parties, capacity: 1_000);
        for (var i = 0; i < 20_000; i++) items.Add(Receipt($"item-{i:00000}", ScenarioRoster.Wales.Riu), ScenarioRoster.Wales.Forces.Gwent);

        // When gets pick items from it
        var random = new Random(7);
        var picks = Enumerable.Range(0, 5_000).Select(_ => items.Pick(random)).ToList();

        // Then it holds 1,000, picks come from both the first and the last quarter of the run, each with the RIU's reader
        Assert.Equal(1_000, items.Count);
        var numbers = picks.Select(p => int.Parse(p.ItemId["item-".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Contains(numbers, n => n < 5_000);
        Assert.Contains(numbers, n => n >= 15_000);
        Assert.All(picks, p => Assert.Equal(ScenarioRoster.Wales.Riu, p.Reader.Caller.AgencyId));
    }

    [Fact]
    public void An_item_routed_to_no_reader_is_read_back_by_its_originator_and_one_with_neither_is_not_kept()
    {
        var items = new KnownItems(new ScenarioParties(ScenarioRoster.Wales));
        items.Add(Receipt("item-own"), ScenarioRoster.Wales.Forces.Gwent);
        items.Add(Receipt("item-nobody"), "an-agency-outside-the-scenario");

        Assert.Equal(1, items.Count);
        var (itemId, reader) = items.Pick(new Random(1));
        Assert.Equal("item-own", itemId);
        Assert.Equal(ScenarioRoster.Wales.Forces.Gwent, reader.Caller.AgencyId);
    }

    private static SubmissionReceipt Receipt(string itemId, params string[] routedTo)
    {
        var receipt = new SubmissionReceipt { ItemId = itemId };
        receipt.Routing.AddRange(routedTo.Select(agency => new RoutedParty { Agency = new AgencyRef { AgencyId = agency } }));
        return receipt;
    }
}
