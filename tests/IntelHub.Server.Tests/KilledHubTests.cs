using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Testing.Postgres;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>A hub process killed without warning, then started again, has lost nothing it acknowledged.</summary>
public sealed class KilledHubTests(PostgresCluster cluster)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task A_killed_hub_restarts_with_every_acknowledged_submission_and_a_log_that_verifies(Engine engine)
    {
        var setup = engine == Engine.Sqlite ? HubSetup.Sqlite() : await HubSetup.PostgresAsync(cluster);
        try
        {
            var receipts = new List<SubmissionReceipt>();
            await using (var hub = await HubProcess.StartAsync(setup.DataDirectory, setup.Settings))
            {
                var force = hub.As("south-wales-police", UserRole.Submitter);
                for (var i = 0; i < 5; i++)
                    receipts.Add((await force.Reports.SubmitIntelligenceAsync(LabourIntelligence($"swp-kill-{i}"), cancellationToken: Token)).Receipt);
                await hub.KillAsync(); // every receipt above was acknowledged to the client before the kill
            }

            await using var restarted = await InProcessHub.StartAsync(setup);
            var riu = restarted.As("wales-riu", UserRole.RiuAnalyst);
            foreach (var receipt in receipts)
            {
                var item = (await riu.Reports.GetItemAsync(new GetItemRequest { ItemId = receipt.ItemId, Purpose = Purpose("disrupt-trafficking") }, cancellationToken: Token)).Item;
                Assert.Equal(DisclosureView.Full, item.View);
            }
            var auditor = restarted.As("nca", UserRole.Auditor);
            // The restarted hub signs over the leaves the killed one had not yet covered.
            await AuditLogCheck.CheckpointCoveringAsync(auditor, receipts.Max(r => r.AuditLeafIndex));
            await AuditLogCheck.VerifyWholeLogAsync(auditor, JourneyTests.HubPublicKey(restarted));
        }
        finally
        {
            if (Directory.Exists(setup.DataDirectory)) Directory.Delete(setup.DataDirectory, recursive: true);
        }
    }
}
