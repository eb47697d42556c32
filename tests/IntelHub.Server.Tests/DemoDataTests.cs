using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Testing.Postgres;

namespace IntelHub.Server.Tests;

/// <summary>The embedded default's promise: a fresh hub started with the demo data holds the Wales scenario, once.</summary>
public sealed class DemoDataTests(PostgresCluster cluster)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task A_fresh_hub_loads_the_Wales_scenario_although_its_protocol_publications_are_audited_first(Engine engine)
    {
        var hub = await InProcessHub.StartAsync(engine, cluster, "Hub:DemoData=true");
        try
        {
            var inbox = await hub.As("cardiff-council", UserRole.PartnerPractitioner).Inbox.ListInboxAsync(new ListInboxRequest { Purpose = SampleReports.Purpose("safeguarding-victims") }, cancellationToken: Token);
            Assert.NotEmpty(inbox.Deliveries);
            var stored = await hub.Store.FindItemsAsync(new Storage.ItemQuery { Limit = 1000 }, Token);
            Assert.InRange(stored.Count, 100, 1000);

            // A restart on the same data finds items and loads nothing again.
            hub = await hub.RestartAsync();
            Assert.Equal(stored.Count, (await hub.Store.FindItemsAsync(new Storage.ItemQuery { Limit = 1000 }, Token)).Count);
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }
}
