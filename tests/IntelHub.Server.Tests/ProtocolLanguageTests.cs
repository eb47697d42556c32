using Google.Rpc;
using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Server.Retention;
using IntelHub.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>
/// The protocol language of issue 13 through the real hub and the Wales protocols: the DDA reaches Cardiff's trading
/// standards team and no other council user; the NGO flow that rests on the victim's consent obliges the NGO to hold
/// it; and retention per personal-data category sets how long an item may wait for review, and so when it is withheld
/// and disposed of.
/// </summary>
public sealed class ProtocolLanguageTests(PostgresCluster cluster)
{
    private const string Inspections = "joint-nail-bar-inspections";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_a_council_user_of_the_trading_standards_team_is_given_an_item_the_dda_shares_with_that_team()
    {
        await using var hub = await InProcessHub.StartAsync();
        var police = hub.As("south-wales-police", UserRole.Submitter);
        var itemId = (await police.Reports.SubmitInformationAsync(NailBarInformation("dda-team-1", InYears(1)), cancellationToken: Token)).Receipt.ItemId;

        var tradingStandards = CouncilUser(hub, "trading-standards");
        var childrensServices = CouncilUser(hub, "childrens-services");
        var noTeam = hub.As("cardiff-council", UserRole.PartnerPractitioner);

        var given = (await tradingStandards.Reports.GetItemAsync(Get(itemId), cancellationToken: Token)).Item;
        var refusedOtherTeam = await Assert.ThrowsAsync<RpcException>(() => childrensServices.Reports.GetItemAsync(Get(itemId), cancellationToken: Token).ResponseAsync);
        var refusedNoTeam = await Assert.ThrowsAsync<RpcException>(() => noTeam.Reports.GetItemAsync(Get(itemId), cancellationToken: Token).ResponseAsync);

        Assert.Equal(DisclosureView.Full, given.View);
        Assert.Equal("swp-information-for-joint-inspections", given.Basis.RuleId);
        Assert.Contains(given.Obligations, o => o.Kind == ObligationKind.NotForEvidentialUse);
        Assert.Equal((StatusCode.NotFound, StatusCode.NotFound), (refusedOtherTeam.StatusCode, refusedNoTeam.StatusCode));
    }

    [Fact]
    public async Task A_token_naming_a_team_its_agency_does_not_have_is_refused_on_every_call()
    {
        await using var hub = await InProcessHub.StartAsync();
        var forged = CouncilUser(hub, "trading-standard");
        var otherAgencysTeam = new HubUser("swansea-council", UserRole.PartnerPractitioner, hub.ChannelAs(hub.Pki.ClientCertificateFor("swansea-council", TimeProvider.System), bearerToken: TeamToken(hub, "swansea-council", "trading-standards")));

        var refused = await Assert.ThrowsAsync<RpcException>(() => forged.Reports.GetItemAsync(Get("00000000000000000000000000"), cancellationToken: Token).ResponseAsync);
        var refusedElsewhere = await Assert.ThrowsAsync<RpcException>(() => otherAgencysTeam.Reports.SearchItemsAsync(new SearchItemsRequest { Purpose = Purpose("safeguarding-victims") }, cancellationToken: Token).ResponseAsync);

        Assert.Equal((StatusCode.PermissionDenied, StatusCode.PermissionDenied), (refused.StatusCode, refusedElsewhere.StatusCode));
        Assert.Contains("has no team 'trading-standard' in policies/agencies.yaml (its teams: trading-standards, childrens-services, adult-safeguarding)", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("(its teams: none)", refusedElsewhere.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ngo_given_police_information_on_the_victims_consent_is_told_to_keep_the_record_of_that_consent()
    {
        await using var hub = await InProcessHub.StartAsync();
        var police = hub.As("south-wales-police", UserRole.Submitter);
        var itemId = (await police.Reports.SubmitInformationAsync(NailBarInformation("consent-1", InYears(1)), cancellationToken: Token)).Receipt.ItemId;
        var bawso = hub.As("bawso", UserRole.PartnerPractitioner);

        var given = (await bawso.Reports.GetItemAsync(new GetItemRequest { ItemId = itemId, Purpose = Purpose("safeguarding-victims") }, cancellationToken: Token)).Item;

        Assert.Equal(("police-information-to-ngos", DisclosureView.Full), (given.Basis.RuleId, given.View));
        Assert.Contains(given.Obligations, o => o.Kind == ObligationKind.Other && o.Text.Contains("with the person's consent: keep the record of that consent", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task Retention_for_criminal_offence_data_sets_the_latest_review_date_and_so_when_the_item_is_withheld_and_disposed_of(Engine engine)
    {
        // Given the Wales set with the DDA keeping criminal-offence data two years, shorter than the ISP's three for information.
        var policies = WalesPoliciesWith("dda-2026-014-cardiff-nail-bars.yaml", "criminal-offence: P3Y", "criminal-offence: P2Y");
        var clock = new MovableClock();
        var setting = $"Hub:PolicyDirectory={policies}";
        var setup = engine == Engine.Sqlite ? HubSetup.Sqlite(setting) : await HubSetup.PostgresAsync(cluster, setting);
        await using var hub = await InProcessHub.StartAsync(setup with { Clock = clock });
        var sweep = hub.Services.GetRequiredService<RetentionSweep>();
        var police = UserAt(hub, clock, "south-wales-police", UserRole.Submitter);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        var refused = await Assert.ThrowsAsync<RpcException>(() => police.Reports.SubmitInformationAsync(NailBarInformation("cat-1", InYears(3)), cancellationToken: Token).ResponseAsync);
        var withoutCategory = NailBarInformation("cat-2", InYears(3));
        withoutCategory.Subject.PersonalDataCategories.Clear();
        var keptLonger = (await police.Reports.SubmitInformationAsync(withoutCategory, cancellationToken: Token)).Receipt.ItemId;
        var atTheCap = (await police.Reports.SubmitInformationAsync(NailBarInformation("cat-3", Date(today.AddYears(2))), cancellationToken: Token)).Receipt.ItemId;

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        var violation = Assert.Single(refused.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal("review_date", violation.Field);
        Assert.Contains($"protocol 'dda-2026-014-cardiff-nail-bars' v1 allows for criminal-offence data (P2Y): give a review date no later than {today.AddYears(2):yyyy-MM-dd}", violation.Description, StringComparison.Ordinal);

        // Past the two years the item is withheld even from its originator; 90 days later its content is disposed of.
        clock.Advance((today.AddYears(2).AddDays(2).ToDateTime(TimeOnly.MinValue) - today.ToDateTime(TimeOnly.MinValue)) + TimeSpan.FromDays(91));
        var analyst = UserAt(hub, clock, "south-wales-police", UserRole.Analyst);
        var withheld = await Assert.ThrowsAsync<RpcException>(() => analyst.Reports.GetItemAsync(new GetItemRequest { ItemId = atTheCap, Purpose = Purpose("disrupt-trafficking") }, cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, withheld.StatusCode);
        Assert.Equal(1, await sweep.SweepAsync(Token));
        Assert.NotNull((await hub.Store.GetItemAsync(atTheCap, Token))!.DisposedAt);
        Assert.Null((await hub.Store.GetItemAsync(keptLonger, Token))!.DisposedAt);
    }

    /// <summary>A copy of the repository's policies/ with one protocol edited, for a hub to load.</summary>
    private static string WalesPoliciesWith(string protocolFile, string text, string replacement)
    {
        var source = Policy.Publishing.PolicyLoader.FindPolicyDirectory(AppContext.BaseDirectory)!;
        var copy = Path.Combine(Directory.CreateTempSubdirectory("intelhub-policies-").FullName, "policies");
        foreach (var file in Directory.GetFiles(source, "*.yaml", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var edited = Path.Combine(copy, Policy.Publishing.PolicyLoader.ProtocolsFolder, protocolFile);
        var original = File.ReadAllText(edited);
        Assert.Contains(text, original, StringComparison.Ordinal);
        File.WriteAllText(edited, original.Replace(text, replacement, StringComparison.Ordinal));
        return copy;
    }

    /// <summary>South Wales Police information on labour exploitation at a Cardiff nail bar, holding criminal-offence data.</summary>
    private static SubmitInformationRequest NailBarInformation(string key, Google.Type.Date review)
    {
        var request = new SubmitInformationRequest
        {
            IdempotencyKey = key,
            FullText = "Officers saw four workers at Polished Nails, Queen Street, arrive in one van at 07:00 and leave at 22:00; the owner has a conviction for gangmaster offences.",
            Subject = Subject(Cardiff, ExploitationType.Labour),
            Classification = OfficialSensitivePersonal,
            ReviewDate = review,
        };
        request.Subject.PersonalDataCategories.Add(PersonalDataCategory.CriminalOffence);
        return request;
    }

    private static GetItemRequest Get(string itemId) => new() { ItemId = itemId, Purpose = Purpose(Inspections) };

    private static HubUser CouncilUser(InProcessHub hub, string team) =>
        new("cardiff-council", UserRole.PartnerPractitioner, hub.ChannelAs(hub.Pki.ClientCertificateFor("cardiff-council", TimeProvider.System), bearerToken: TeamToken(hub, "cardiff-council", team)));

    private static string TeamToken(InProcessHub hub, string agencyId, string team) =>
        DevelopmentTokenIssuer.LoadOrCreate(Path.Combine(hub.DataDirectory, "pki")).Issue(agencyId, "user-" + team, UserRole.PartnerPractitioner, team, TimeSpan.FromMinutes(30), TimeProvider.System);

    /// <summary>A user whose token is in date by the hub's (moved) clock.</summary>
    private static HubUser UserAt(InProcessHub hub, TimeProvider clock, string agencyId, UserRole role)
    {
        var token = DevelopmentTokenIssuer.LoadOrCreate(Path.Combine(hub.DataDirectory, "pki")).Issue(agencyId, "user-1", role, TimeSpan.FromMinutes(30), clock);
        return new HubUser(agencyId, role, hub.ChannelAs(hub.Pki.ClientCertificateFor(agencyId, TimeProvider.System), bearerToken: token));
    }

    private static Google.Type.Date Date(DateOnly day) => new() { Year = day.Year, Month = day.Month, Day = day.Day };
}
