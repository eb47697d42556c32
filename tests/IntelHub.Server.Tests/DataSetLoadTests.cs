using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Demo.DataSet;
using IntelHub.Demo.Roster;
using IntelHub.Identity;
using IntelHub.Policy.Areas;
using IntelHub.Server.DemoData;
using IntelHub.Server.Reports;
using IntelHub.Storage;
using IntelHub.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace IntelHub.Server.Tests;

/// <summary>
/// A generated data set loaded in bulk is what the same reports submitted one by one would have stored (routing,
/// inbox deliveries, the item's indexed shape, audit), and the hub serves it as any data: decided for the reader.
/// </summary>
public sealed class DataSetLoadTests(PostgresCluster cluster)
{
    private const int Items = 2_000;
    private const int Batch = 500;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task A_bulk_loaded_data_set_is_stored_routed_audited_and_read_as_submissions_are(Engine engine)
    {
        await using var hub = await InProcessHub.StartAsync(engine, cluster);
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-12);
        var reports = DataSetGenerator.Generate(ScenarioRoster.Wales, new DataSetOptions(Items, seed: 11, start)).ToList();
        var loader = ActivatorUtilities.CreateInstance<DataSetLoader>(hub.Services);
        var auditBefore = await hub.Store.AuditCountAsync(Token);

        var outcomes = new List<SubmissionOutcome>();
        foreach (var batch in reports.Chunk(Batch)) outcomes.AddRange(await loader.LoadAsync([.. batch.Select(r => r.Submission)], Token));

        // Every submission and routing decision is audited, with sequences handed out in order and without gaps.
        var audited = outcomes.Sum(o => o.AuditSequences.Count);
        Assert.True(audited > Items * 2, $"only {audited} audit records for {Items} items: routing decisions are missing");
        Assert.Equal(auditBefore + audited, await hub.Store.AuditCountAsync(Token));
        Assert.Equal(Enumerable.Range((int)auditBefore, audited).Select(i => (long)i), outcomes.SelectMany(o => o.AuditSequences));

        await Bulk_rows_equal_what_one_submission_at_a_time_stores(engine, reports, outcomes, hub);
        await The_hub_serves_the_data_set_decided_for_each_reader(hub, reports, outcomes, start);
    }

    private async Task Bulk_rows_equal_what_one_submission_at_a_time_stores(
        Engine engine, List<DataSetReport> reports, List<SubmissionOutcome> outcomes, InProcessHub hub)
    {
        await using var reference = await InProcessHub.StartAsync(engine, cluster);
        var submissions = reference.Services.GetRequiredService<Submissions>();
        var areas = reference.Services.GetRequiredService<AreaCatalogue>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var i = 0; i < reports.Count; i += 50)
        {
            var report = reports[i].Submission;
            var caller = new Caller(report.SubmittingAgencyId, report.UserId, UserRole.Submitter);
            var validated = report.Information is { } information
                ? SubmissionReader.ReadInformation(information, areas, today)
                : SubmissionReader.ReadIntelligence(report.Intelligence!, areas, today);
            var auditBefore = await reference.Store.AuditCountAsync(Token);
            var receipt = await submissions.SubmitAsync(validated, caller, traceId: "", Token);

            Assert.Equal(Routing(await reference.Store.GetRoutingAsync(receipt.ItemId, Token)), Routing(await hub.Store.GetRoutingAsync(outcomes[i].ItemId, Token)));
            Assert.Equal(Shape((await reference.Store.GetItemAsync(receipt.ItemId, Token))!), Shape((await hub.Store.GetItemAsync(outcomes[i].ItemId, Token))!));
            Assert.Equal(outcomes[i].AuditSequences.Count, await reference.Store.AuditCountAsync(Token) - auditBefore);
        }
    }

    private static async Task The_hub_serves_the_data_set_decided_for_each_reader(
        InProcessHub hub, List<DataSetReport> reports, List<SubmissionOutcome> outcomes, DateOnly start)
    {
        var truth = new DataSetTruth(seed: 11);
        for (var i = 0; i < reports.Count; i++) truth.Add(reports[i], outcomes[i].ItemId, outcomes[i].Delivered.Select(d => (d.AgencyId, d.View)));
        var councils = ScenarioRoster.Wales.Councils;
        var partner = truth.NearestShare(councils.Select(c => c.AgencyId), 0.05);
        var entitled = outcomes.Where((o, i) => reports[i].Submission.SubmittingAgencyId == partner || o.Delivered.Any(d => d.AgencyId == partner))
            .Select(o => o.ItemId).ToHashSet(StringComparer.Ordinal);
        Assert.InRange(entitled.Count, 1, Items / 2);

        // The partner's inbox holds what routing delivered to it, from position 1.
        var council = hub.As(partner, UserRole.PartnerPractitioner);
        var purpose = SampleReports.Purpose("safeguarding-victims");
        var inbox = await council.Inbox.ListInboxAsync(new ListInboxRequest { Purpose = purpose, PageSize = 50 }, cancellationToken: Token);
        Assert.NotEmpty(inbox.Deliveries);
        Assert.Equal(1UL, inbox.Deliveries[0].Position);
        Assert.All(inbox.Deliveries, d => Assert.Contains(d.Item.ItemId, entitled));

        // Its search by its own area finds generated items, and only ones it is entitled to.
        var area = councils.Single(c => c.AgencyId == partner).GssCode;
        var found = await SearchAsync(council, new SearchItemsRequest { Purpose = purpose, AreaGssCodes = { area } });
        Assert.NotEmpty(found);
        Assert.All(found, id => Assert.Contains(id, entitled));

        // It gets an item routed to it, and an item it is not entitled to is indistinguishable from none.
        var routed = inbox.Deliveries[0].Item.ItemId;
        Assert.Equal(routed, (await council.Reports.GetItemAsync(new GetItemRequest { ItemId = routed, Purpose = purpose }, cancellationToken: Token)).Item.ItemId);
        var hidden = outcomes.Select(o => o.ItemId).First(id => !entitled.Contains(id));
        var refused = await Assert.ThrowsAsync<RpcException>(() => council.Reports.GetItemAsync(new GetItemRequest { ItemId = hidden, Purpose = purpose }, cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, refused.StatusCode);

        // A force analyst's search by the most recurring phone finds items that name it, and no others.
        var phone = truth.Document(ScenarioRoster.Wales.AllAgencyIds, [partner], start).Recurring["phone"][0];
        var analyst = hub.As("south-wales-police", UserRole.Analyst);
        var byPhone = await SearchAsync(analyst, new SearchItemsRequest
        {
            Purpose = SampleReports.Purpose("disrupt-trafficking"),
            Entities = { new EntityQuery { Type = EntityType.PhoneNumber, Value = phone.Value } },
        });
        Assert.NotEmpty(byPhone);
        Assert.All(byPhone, id => Assert.Contains(id, phone.ItemIds));
    }

    /// <summary>Every page of a search (a page may be empty while the hub scans items the reader cannot see).</summary>
    private static async Task<List<string>> SearchAsync(HubUser user, SearchItemsRequest request)
    {
        var found = new List<string>();
        do
        {
            var page = await user.Reports.SearchItemsAsync(request, cancellationToken: Token);
            found.AddRange(page.Items.Select(i => i.ItemId));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return found;
    }

    private static List<string> Routing(IReadOnlyList<RoutingRecord> routing) =>
        [.. routing.Select(r => $"{r.RecipientAgencyId}|{r.Permitted}|{r.View}|{r.ProtocolId}|{r.ProtocolVersion}|{r.RuleId}|{string.Join(",", r.Obligations)}|{r.Reasons}")];

    /// <summary>Everything about a stored item but what is new per submission (its id, time, salt and the digest that commits to the salt).</summary>
    private static string Shape(StoredItem item) => string.Join("|",
        item.Kind, item.OriginatorAgencyId, item.SubmittedBy, item.Classification, item.Grading, item.LegacyGrading,
        string.Join(",", item.HandlingConditions), string.Join(",", item.Themes), string.Join(",", item.Areas), item.OriginatorReference,
        string.Join(",", item.PersonalDataCategories), item.OccurredFrom, item.OccurredTo, item.ReviewDate, item.Title, item.FullText, item.SanitisedText,
        Convert.ToHexString(item.SubjectDocument ?? []), string.Join(",", item.Entities.Select(e => $"{e.Kind}:{e.MatchKey}:{e.AsTyped}")));
}
