using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Testing.Postgres;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>A hub that stops and starts again on the same data loses nothing it acknowledged, and its audit log still verifies.</summary>
public sealed class RestartTests(PostgresCluster cluster)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task A_restarted_hub_keeps_acknowledged_submissions_and_inbox_positions_and_its_audit_log_verifies(Engine engine)
    {
        var hub = await InProcessHub.StartAsync(engine, cluster);
        try
        {
            var force = hub.As("south-wales-police", UserRole.Submitter);
            var kept = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-0100"), cancellationToken: Token)).Receipt;
            var pending = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-0101"), cancellationToken: Token)).Receipt;
            var riu = hub.As("wales-riu", UserRole.RiuAnalyst);
            var delivered = await JourneyTests.FirstDeliveryAsync(riu, kept.ItemId);
            await riu.Inbox.AcknowledgeAsync(new AcknowledgeRequest { UpToPosition = delivered.Position }, cancellationToken: Token);
            var before = await hub.As("nca", UserRole.Auditor).Audit.GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: Token);

            hub = await hub.RestartAsync();

            force = hub.As("south-wales-police", UserRole.Submitter);
            var replay = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-0100"), cancellationToken: Token)).Receipt;
            Assert.True(replay.Replayed);
            Assert.Equal(kept.ItemId, replay.ItemId);
            riu = hub.As("wales-riu", UserRole.RiuAnalyst);
            var item = (await riu.Reports.GetItemAsync(new GetItemRequest { ItemId = kept.ItemId, Purpose = Purpose("disrupt-trafficking") }, cancellationToken: Token)).Item;
            Assert.Contains(SourceMarker, item.Full.FullText, StringComparison.Ordinal);

            // The stream resumes after the acknowledged delivery: the unacknowledged one comes next.
            var next = await JourneyTests.FirstDeliveryAsync(riu, pending.ItemId);
            Assert.Equal(delivered.Position + 1, next.Position);
            var listed = await riu.Inbox.ListInboxAsync(new ListInboxRequest { Purpose = InboxPurpose(riu) }, cancellationToken: Token);
            Assert.Equal(delivered.Position, listed.AcknowledgedPosition);

            await AuditLogCheck.VerifyWholeLogAsync(hub.As("nca", UserRole.Auditor), JourneyTests.HubPublicKey(hub), before);
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }
}
