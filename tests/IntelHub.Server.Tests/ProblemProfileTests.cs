using Google.Protobuf;
using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Server.Profiles;
using IntelHub.Storage;
using IntelHub.Testing.Postgres;

namespace IntelHub.Server.Tests;

/// <summary>
/// Problem profiles over generated reports whose true figures are known: every figure of the full release, the
/// partner release's suppression (including recovery by subtraction) and what it leaves out, and the attacks.
/// </summary>
public sealed class ProblemProfileTests(PostgresCluster cluster)
{
    private const string Riu = "wales-riu";
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static ProblemProfileService.ProblemProfileServiceClient Profiles(HubUser user) => new(user.Channel);

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task Every_figure_of_the_RIU_profile_matches_the_generated_truth(Engine engine)
    {
        // Given generated reports from two forces and a council, in the period and the one before
        await using var hub = await InProcessHub.StartAsync(engine, cluster);
        var corpus = ProfileCorpus.Generate(60);
        await ProfileCorpus.SubmitAsync(hub, corpus, Token);
        var current = corpus.Where(ProfileCorpus.InCurrent).ToList();
        var previous = corpus.Where(ProfileCorpus.InPrevious).ToList();

        // When the RIU compiles a profile
        var profile = (await Profiles(hub.As(Riu, UserRole.RiuAnalyst)).CompileProblemProfileAsync(ProfileCorpus.Request("riu-1"), cancellationToken: Token)).Profile;

        // Then every figure is the true one
        Assert.Equal((uint)current.Count, profile.ItemsCompiled.Count);
        Assert.Equal((uint)previous.Count, profile.ItemsPreviousPeriod.Count);
        Assert.Equal(Truth(current, i => [i.Theme]), profile.ByTheme.ToDictionary(t => $"{t.Theme.ExploitationType}/{t.Theme.VictimAgeGroup}", t => (int)t.Items.Count));
        Assert.Equal(Truth(previous, i => [i.Theme]), profile.ByTheme.Where(t => t.Previous.Count > 0).ToDictionary(t => $"{t.Theme.ExploitationType}/{t.Theme.VictimAgeGroup}", t => (int)t.Previous.Count));
        Assert.Equal(Truth(current, i => [i.Exploitation.ToString()]), profile.ByExploitationType.Where(e => e.Items.Count > 0).ToDictionary(e => e.ExploitationType.ToString(), e => (int)e.Items.Count));
        Assert.Equal(Truth(current, i => [i.Age.ToString()]), profile.ByAgeGroup.ToDictionary(a => a.AgeGroup.ToString(), a => (int)a.Items.Count));
        Assert.Equal(Truth(previous, i => [i.Age.ToString()]), profile.ByAgeGroup.ToDictionary(a => a.AgeGroup.ToString(), a => (int)a.Previous.Count));
        Assert.Equal(Truth(current, i => [i.Area]), profile.ByArea.Where(a => a.Items.Count > 0).ToDictionary(a => a.Area.GssCode, a => (int)a.Items.Count));
        Assert.Equal(Truth(current, i => [i.Area == "W06000022" ? "W15000002" : "W15000003"]), profile.ByForceArea.ToDictionary(a => a.Area.GssCode, a => (int)a.Items.Count));
        Assert.All(profile.ByArea, a => Assert.Equal(a.Area.GssCode == "W06000022" ? "W15000002" : "W15000003", a.WithinGssCode));
        Assert.Equal(Truth(current, i => [i.Occurred.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)]), profile.ByMonth.ToDictionary(m => m.Month, m => (int)m.Items.Count));
        Assert.Equal(6, profile.ByMonth.Count);
        Assert.Equal((uint)current.Count(i => !i.Intelligence), profile.Grading.Information.Count);
        Assert.Equal((uint)current.Count(i => i.Intelligence), profile.Grading.Intelligence.Count);
        Assert.Equal((uint)current.Count(i => i.Grade is ['1', ..]), profile.Grading.ReliableSource.Count);
        Assert.Equal((uint)current.Count(i => i.Grade is [_, 'C' or 'D' or 'E']), profile.Grading.SingleUncorroboratedSource.Count);

        // And the distinct people by role and nationality (a person with two nationalities counts under each; witnesses not at all)
        Assert.Equal(People(current), profile.ByNationality.ToDictionary(n => $"{n.Role}:{n.Nationality}", n => (int)n.People.Count));
        Assert.Contains(profile.ByNationality, n => (n.Role, n.Nationality) == (EntityRole.Suspect, "RO"));
        Assert.DoesNotContain(profile.ByNationality, n => n.Nationality == ProfileCorpus.WitnessNationality);

        // And the one link is the shared phone, across all three agencies, with every item behind it
        var shared = current.Where(i => i.Phone == ProfileCorpus.SharedPhone).ToList();
        var link = Assert.Single(profile.Links);
        Assert.Equal((EntityType.PhoneNumber, ProfileCorpus.SharedPhoneKey, 1u), (link.EntityType, link.EntityValue, link.Rank));
        Assert.Equal(shared.Select(i => i.Agency).Distinct().Order(), link.Agencies.Select(a => a.AgencyId).Order());
        Assert.Equal((uint)shared.Count, link.Items.Count);
        Assert.Equal(shared.Select(i => i.ItemId).Order(), link.ItemIds.Order());

        // And the gaps: the council's theme and area that no intelligence covers, and agencies that submitted nothing
        Assert.Contains(profile.AutomaticGaps, g => g.Kind == IntelligenceGapKind.ThemeWithoutIntelligence && g.Theme.ExploitationType == ExploitationType.DomesticServitude);
        Assert.Contains(profile.AutomaticGaps, g => g.Kind == IntelligenceGapKind.AreaWithoutIntelligence && g.Area.GssCode == SampleReports.ValeOfGlamorgan);
        Assert.DoesNotContain(profile.AutomaticGaps, g => g.Kind == IntelligenceGapKind.AreaWithoutIntelligence && g.Area.GssCode == SampleReports.Cardiff);
        Assert.Contains(profile.AutomaticGaps, g => g.Kind == IntelligenceGapKind.NoSubmissions && g.Agency.AgencyId == "north-wales-police");
        Assert.DoesNotContain(profile.AutomaticGaps, g => g.Agency?.AgencyId is "gwent-police" or "south-wales-police" or "cardiff-council");

        // And it is stored as a product, recorded in the audit log with a commitment to the compiled items
        var stored = await hub.Store.GetItemAsync(profile.ProfileId, Token);
        Assert.Equal(("product", Riu), (stored!.Kind, stored.OriginatorAgencyId));
        var entry = IntelHub.Audit.Entries.AuditEntryEncoding.Decode((await hub.Store.ReadAuditAsync((long)profile.AuditLeafIndex, 1, Token))[0].CanonicalEntry.Span);
        Assert.Equal((profile.ProfileId, "compiled:problem-profile"), (entry.ItemId, entry.Decision));
        Assert.Equal($"items={current.Count} sha256={ProblemProfiles.Commitment([.. current.Select(i => i.ItemId!)])}", entry.SearchTerms);
    }

    [Fact]
    public async Task A_force_analyst_compiles_its_own_forces_items_only()
    {
        await using var hub = await InProcessHub.StartAsync();
        var corpus = ProfileCorpus.Generate(30);
        await ProfileCorpus.SubmitAsync(hub, corpus, Token);

        var profile = (await Profiles(hub.As("gwent-police", UserRole.Analyst)).CompileProblemProfileAsync(ProfileCorpus.Request("gwent-1"), cancellationToken: Token)).Profile;

        Assert.Equal((uint)corpus.Count(i => ProfileCorpus.InCurrent(i) && i.Agency == "gwent-police"), profile.ItemsCompiled.Count);
        Assert.Empty(profile.Links);
        Assert.All(profile.ByForceArea, f => Assert.Equal("W15000002", f.Area.GssCode));
    }

    [Fact]
    public async Task A_partner_may_not_compile()
    {
        await using var hub = await InProcessHub.StartAsync();
        var failure = await Assert.ThrowsAsync<RpcException>(async () =>
            await Profiles(hub.As("cardiff-council", UserRole.PartnerPractitioner)).CompileProblemProfileAsync(ProfileCorpus.Request("council-1"), cancellationToken: Token));
        Assert.Equal(StatusCode.PermissionDenied, failure.StatusCode);
        Assert.Empty(await Products(hub.Store));
    }

    [Fact]
    public async Task The_partner_release_suppresses_small_counts_so_no_table_gives_one_back_by_subtraction()
    {
        await using var hub = await InProcessHub.StartAsync();
        var corpus = ProfileCorpus.Generate(60);
        await ProfileCorpus.SubmitAsync(hub, corpus, Token);
        var full = (await Profiles(hub.As(Riu, UserRole.RiuAnalyst)).CompileProblemProfileAsync(ProfileCorpus.Request("riu-2", threshold: 4), cancellationToken: Token)).Profile;

        var partner = PartnerRelease.From(full);

        // Every count from 1 to the threshold is withheld and shows 0; none other is changed
        var pairs = PartnerRelease.Cells(full).Zip(PartnerRelease.Cells(partner)).ToList();
        Assert.All(pairs, p =>
        {
            if (p.First.Count is >= 1 and <= 4) Assert.True(p.Second.Suppressed);
            Assert.Equal(p.Second.Suppressed ? 0u : p.First.Count, p.Second.Count);
        });
        Assert.Contains(pairs, p => p.Second.Suppressed);
        // No table (cells with their total) has exactly one withheld value, so none can be worked out by subtraction
        foreach (var (total, cells) in TablesOf(partner))
            Assert.NotEqual(1, cells.Append(total).Count(c => c.Suppressed));
    }

    [Fact]
    public void A_single_small_cell_takes_the_next_smallest_with_it()
    {
        // Given months of 10, 2 and 12 items: 2 alone withheld would be 24 - 10 - 12, so the 10 goes with it
        var full = new ProblemProfile { SuppressionThreshold = 5, ItemsCompiled = new ProfileCount { Count = 24 }, ItemsPreviousPeriod = new(), Grading = Grading(24), Compiled = new() };
        full.ByMonth.Add(new MonthCount { Month = "2025-01", Items = new ProfileCount { Count = 10 } });
        full.ByMonth.Add(new MonthCount { Month = "2025-02", Items = new ProfileCount { Count = 2 } });
        full.ByMonth.Add(new MonthCount { Month = "2025-03", Items = new ProfileCount { Count = 12 } });

        var partner = PartnerRelease.From(full);

        Assert.Equal([true, true, false], partner.ByMonth.Select(m => m.Items.Suppressed));
        Assert.Equal([0u, 0u, 12u], partner.ByMonth.Select(m => m.Items.Count));
        Assert.False(partner.ItemsCompiled.Suppressed);
    }

    [Fact]
    public async Task The_partner_release_holds_no_entity_item_id_free_text_or_user()
    {
        await using var hub = await InProcessHub.StartAsync();
        var corpus = ProfileCorpus.Generate(45);
        await ProfileCorpus.SubmitAsync(hub, corpus, Token);
        var full = (await Profiles(hub.As(Riu, UserRole.RiuAnalyst, user: "analyst-77")).CompileProblemProfileAsync(ProfileCorpus.Request("riu-3"), cancellationToken: Token)).Profile;

        // When a council reads the profile the protocols share with it
        var partner = (await Profiles(hub.As("cardiff-council", UserRole.PartnerPractitioner)).GetProblemProfileAsync(new GetProblemProfileRequest
        {
            ProfileId = full.ProfileId, Release = ProfileRelease.Partner, Purpose = SampleReports.Purpose("safeguarding-victims"),
        }, cancellationToken: Token)).Profile;

        // Then it is the partner release, with no phone number, item id, analyst's words or user in it
        Assert.Equal(ProfileRelease.Partner, partner.Release);
        var json = JsonFormatter.Default.Format(partner);
        Assert.DoesNotContain("+447700", json, StringComparison.Ordinal);
        // Each number as typed, without spaces and in its match key (a bare "07700" would match a timestamp's nanoseconds)
        foreach (var typed in corpus.Select(i => i.Phone).Distinct())
        {
            var digits = typed.Replace(" ", "", StringComparison.Ordinal);
            Assert.All(new[] { typed, digits, "+44" + digits[1..] }, form => Assert.DoesNotContain(form, json, StringComparison.Ordinal));
        }
        Assert.All(corpus, i => Assert.DoesNotContain(i.ItemId!, json, StringComparison.Ordinal));
        Assert.DoesNotContain("analyst-77", json, StringComparison.Ordinal);
        Assert.DoesNotContain("shared phone", json, StringComparison.Ordinal);
        Assert.All(partner.Links, l => Assert.Equal(("", 0), (l.EntityValue, l.ItemIds.Count)));
        Assert.True(partner.ItemsCompiled.Count > 0);
        // Nationalities stay as counts, withheld under the threshold as every count is; no person's name goes with them
        Assert.Equal(full.ByNationality.Select(n => (n.Role, n.Nationality)), partner.ByNationality.Select(n => (n.Role, n.Nationality)));
        Assert.All(partner.ByNationality.Zip(full.ByNationality), p => Assert.Equal(p.Second.People.Count is >= 1 and <= 5, p.First.People.Suppressed));
        foreach (var family in corpus.SelectMany(i => new[] { i.Victim.Name, i.Suspect.Name }).Select(n => n.Split(' ')[1]).Distinct())
            Assert.DoesNotContain(family, json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_partner_asking_for_the_full_release_is_refused()
    {
        await using var hub = await InProcessHub.StartAsync();
        await ProfileCorpus.SubmitAsync(hub, ProfileCorpus.Generate(12), Token);
        var full = (await Profiles(hub.As(Riu, UserRole.RiuAnalyst)).CompileProblemProfileAsync(ProfileCorpus.Request("riu-4"), cancellationToken: Token)).Profile;

        var failure = await Assert.ThrowsAsync<RpcException>(async () => await Profiles(hub.As("cardiff-council", UserRole.PartnerPractitioner)).GetProblemProfileAsync(new GetProblemProfileRequest
        {
            ProfileId = full.ProfileId, Release = ProfileRelease.Full, Purpose = SampleReports.Purpose("safeguarding-victims"),
        }, cancellationToken: Token));

        Assert.Equal(StatusCode.PermissionDenied, failure.StatusCode);
        Assert.DoesNotContain("+447700", failure.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_id_and_an_item_that_is_no_profile_are_answered_alike()
    {
        await using var hub = await InProcessHub.StartAsync();
        var corpus = ProfileCorpus.Generate(3);
        await ProfileCorpus.SubmitAsync(hub, corpus, Token);
        var riu = Profiles(hub.As(Riu, UserRole.RiuAnalyst));
        var forged = Domain.Items.ItemId.New(DateTimeOffset.UtcNow).ToString();
        var notAProfile = corpus[0].ItemId!;

        var answers = new List<(StatusCode, string)>();
        foreach (var id in new[] { forged, notAProfile })
        {
            var failure = await Assert.ThrowsAsync<RpcException>(async () => await riu.GetProblemProfileAsync(new GetProblemProfileRequest
            {
                ProfileId = id, Release = ProfileRelease.Full, Purpose = SampleReports.Purpose("disrupt-trafficking"),
            }, cancellationToken: Token));
            answers.Add((failure.StatusCode, failure.Status.Detail.Replace(id, "ID", StringComparison.Ordinal)));
        }

        Assert.Equal(StatusCode.NotFound, answers[0].Item1);
        Assert.Equal(answers[0], answers[1]);
    }

    public static TheoryData<string> BadRequests => new() { "threshold", "title", "period", "reversed", "huge-title", "huge-gap" };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_is_refused_field_by_field_and_stores_nothing(string fault)
    {
        await using var hub = await InProcessHub.StartAsync();
        var request = ProfileCorpus.Request("bad-1");
        switch (fault)
        {
            case "threshold": request.SuppressionThreshold = 2; break;
            case "title": request.Title = "  "; break;
            case "period": request.Period = null; break;
            case "reversed": (request.Period.StartTime, request.Period.EndTime) = (request.Period.EndTime, request.Period.StartTime); break;
            case "huge-title": request.Title = new string('x', 100_000); break;
            default: request.IntelligenceGaps.Add(new string('y', 500_000)); break;
        }
        var auditBefore = await hub.Store.AuditCountAsync(Token);

        var failure = await Assert.ThrowsAsync<RpcException>(async () =>
            await Profiles(hub.As(Riu, UserRole.RiuAnalyst)).CompileProblemProfileAsync(request, cancellationToken: Token));

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Empty(await Products(hub.Store));
        Assert.Equal(auditBefore, await hub.Store.AuditCountAsync(Token));
    }

    private static async Task<IReadOnlyList<StoredItem>> Products(IHubStore store) =>
        await store.FindItemsAsync(new ItemQuery { Kinds = ["product"], Limit = 10 }, Token);

    private static Dictionary<string, int> Truth(IEnumerable<CorpusItem> items, Func<CorpusItem, string[]> keys) =>
        items.SelectMany(keys).GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>The true count of distinct people per "role:nationality" (codes in capitals) among the items.</summary>
    private static Dictionary<string, int> People(IEnumerable<CorpusItem> items) => items
        .SelectMany(i => new[] { (Role: EntityRole.PotentialVictim, Person: i.Victim), (Role: EntityRole.Suspect, Person: i.Suspect) })
        .SelectMany(p => p.Person.Nationalities.Select(n => (Key: $"{p.Role}:{n.ToUpperInvariant()}", p.Person.Name)))
        .Distinct()
        .GroupBy(p => p.Key)
        .ToDictionary(g => g.Key, g => g.Count());

    private static GradingMix Grading(uint information) => new() { Information = new() { Count = information }, Intelligence = new(), Products = new(), ReliableSource = new(), SingleUncorroboratedSource = new() };

    /// <summary>The tables a reader could subtract in, written out here independently of the release's own list.</summary>
    private static IEnumerable<(ProfileCount Total, IEnumerable<ProfileCount> Cells)> TablesOf(ProblemProfile p)
    {
        yield return (p.ItemsCompiled, p.ByMonth.Select(m => m.Items));
        yield return (p.ItemsCompiled, [p.Grading.Information, p.Grading.Intelligence, p.Grading.Products]);
        yield return (p.ItemsCompiled, p.ByAgeGroup.Select(a => a.Items));
        yield return (p.ItemsCompiled, p.ByExploitationType.Select(e => e.Items));
        yield return (p.ItemsCompiled, p.ByTheme.Select(e => e.Items));
        yield return (p.ItemsCompiled, p.ByForceArea.Select(f => f.Items));
        yield return (p.ItemsPreviousPeriod, p.ByTheme.Select(e => e.Previous));
        foreach (var force in p.ByForceArea)
            yield return (force.Items, p.ByArea.Where(a => a.WithinGssCode == force.Area.GssCode).Select(a => a.Items));
    }
}
