using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Server.Retention;
using IntelHub.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>
/// MoPI-style retention through the real hub: past its review date an item is withheld from
/// everyone, and once overdue by Hub:Retention:DisposeAfterOverdue (90 days by default) its
/// content is disposed of, audited, while the audit log still verifies.
/// </summary>
public sealed class RetentionTests(PostgresCluster cluster)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task Past_its_review_date_an_item_is_withheld_even_from_its_originator_and_disposed_of_90_days_later_with_a_verifying_audit_log(Engine engine)
    {
        var clock = new MovableClock();
        var setup = engine == Engine.Sqlite ? HubSetup.Sqlite() : await HubSetup.PostgresAsync(cluster);
        await using var hub = await InProcessHub.StartAsync(setup with { Clock = clock });
        var sweep = hub.Services.GetRequiredService<RetentionSweep>();
        var force = UserAt(hub, clock, "south-wales-police", UserRole.Submitter);
        var dueTomorrow = LabourIntelligence("swp-review-1").Also(r => r.ReviewDate = DateIn(clock, days: 1));
        var itemId = (await force.Reports.SubmitIntelligenceAsync(dueTomorrow, cancellationToken: Token)).Receipt.ItemId;
        var keptId = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-review-2", phoneAsTyped: "07700 900456"), cancellationToken: Token)).Receipt.ItemId;
        Assert.Equal([itemId, keptId], await SearchAsync(UserAt(hub, clock, "south-wales-police", UserRole.Analyst)));

        // Given the review date has passed (review dates are inclusive: withheld from the day after).
        clock.Advance(TimeSpan.FromDays(2));
        var analyst = UserAt(hub, clock, "south-wales-police", UserRole.Analyst);

        var withheld = await Assert.ThrowsAsync<RpcException>(() => analyst.Reports.GetItemAsync(new GetItemRequest { ItemId = itemId, Purpose = Purpose("disrupt-trafficking") }, cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, withheld.StatusCode);
        Assert.Equal([keptId], await SearchAsync(analyst));
        Assert.Equal(0, await sweep.SweepAsync(Token)); // awaiting review, not yet overdue for disposal
        Assert.NotNull((await hub.Store.GetItemAsync(itemId, Token))!.FullText);
        var beforeDisposal = await analyst.Audit.GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: Token);

        // When it has been overdue for more than 90 days and the retention sweep runs.
        clock.Advance(TimeSpan.FromDays(91));
        var audited = await hub.Store.AuditCountAsync(Token);
        var disposed = await sweep.SweepAsync(Token);

        // Then its content is gone, the disposal is audited, and the log still verifies.
        Assert.Equal(1, disposed);
        var stored = await hub.Store.GetItemAsync(itemId, Token);
        Assert.NotNull(stored);
        Assert.Null(stored.FullText);
        Assert.Null(stored.SanitisedText);
        Assert.NotNull(stored.DisposedAt);
        Assert.NotNull((await hub.Store.GetItemAsync(keptId, Token))!.FullText);
        var disposal = Assert.Single(await AuditTrail.EntriesSinceAsync(hub, audited, Token));
        Assert.Equal((AuditAction.Disposal, itemId), (disposal.Action, disposal.ItemId));
        Assert.Equal(0, await sweep.SweepAsync(Token)); // a later sweep neither disposes of it again nor audits it twice
        Assert.Equal(audited + 1, await hub.Store.AuditCountAsync(Token));

        analyst = UserAt(hub, clock, "south-wales-police", UserRole.Analyst);
        var gone = await Assert.ThrowsAsync<RpcException>(() => analyst.Reports.GetItemAsync(new GetItemRequest { ItemId = itemId, Purpose = Purpose("disrupt-trafficking") }, cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        Assert.Equal([keptId], await SearchAsync(analyst));
        var originatorsView = await AuditLogCheck.CheckpointCoveringAsync(analyst, (ulong)audited);
        await AuditLogCheck.VerifyWholeLogAsync(UserAt(hub, clock, "nca", UserRole.Auditor), JourneyTests.HubPublicKey(hub), kept: beforeDisposal);
        await AuditLogCheck.VerifyWholeLogAsync(UserAt(hub, clock, "nca", UserRole.Auditor), JourneyTests.HubPublicKey(hub), kept: originatorsView);
    }

    [Fact]
    public async Task An_item_past_its_review_date_is_not_delivered_with_its_content_from_an_inbox()
    {
        var clock = new MovableClock();
        await using var hub = await InProcessHub.StartAsync(HubSetup.Sqlite() with { Clock = clock });
        var force = UserAt(hub, clock, "south-wales-police", UserRole.Submitter);
        var receipt = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-review-3").Also(r => r.ReviewDate = DateIn(clock, days: 1)), cancellationToken: Token)).Receipt;
        Assert.True(receipt.Routing.Any(r => r.Agency.AgencyId == "wales-riu" && r.View == DisclosureView.Full),
            "precondition: the protocols route a force's intelligence to the RIU in full");

        // Given the item is past its review date, awaiting review (not yet disposed of).
        clock.Advance(TimeSpan.FromDays(2));
        var riu = UserAt(hub, clock, "wales-riu", UserRole.RiuAnalyst);

        var inbox = await riu.Inbox.ListInboxAsync(new ListInboxRequest { IncludeAcknowledged = true, Purpose = InboxPurpose(riu) }, cancellationToken: Token);

        // Then the inbox, like get and search, does not release its content (RetentionSweep: "get, search and inbox skip it").
        Assert.Contains(inbox.Deliveries, d => d.Item.ItemId == receipt.ItemId);
        Assert.All(inbox.Deliveries.Where(d => d.Item.ItemId == receipt.ItemId), d =>
        {
            Assert.Equal(DisclosureView.ExistenceOnly, d.Item.View);
            Assert.DoesNotContain(SourceMarker, d.ToString(), StringComparison.Ordinal);
        });
    }

    /// <summary>A user whose token is in date by the hub's (moved) clock; tokens from the real clock expire once it moves on.</summary>
    internal static HubUser UserAt(InProcessHub hub, TimeProvider clock, string agencyId, UserRole role)
    {
        var token = DevelopmentTokenIssuer.LoadOrCreate(Path.Combine(hub.DataDirectory, "pki")).Issue(agencyId, "user-1", role, TimeSpan.FromMinutes(30), clock);
        return new HubUser(agencyId, role, hub.ChannelAs(hub.Pki.ClientCertificateFor(agencyId, TimeProvider.System), bearerToken: token));
    }

    private static async Task<List<string>> SearchAsync(HubUser user) =>
        (await user.Reports.SearchItemsAsync(new SearchItemsRequest { Purpose = Purpose("disrupt-trafficking") }, cancellationToken: Token)).Items.Select(i => i.ItemId).ToList();

    private static Google.Type.Date DateIn(TimeProvider clock, int days)
    {
        var date = clock.GetUtcNow().UtcDateTime.AddDays(days);
        return new Google.Type.Date { Year = date.Year, Month = date.Month, Day = date.Day };
    }
}
