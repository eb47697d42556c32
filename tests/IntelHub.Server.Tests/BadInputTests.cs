using Google.Rpc;
using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Storage;
using IntelHub.Testing.Postgres;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>
/// Bad input gets a precise status, names the fields at fault, and changes nothing: no item, and
/// no audit entry other than the Denial of a refused authorisation.
/// </summary>
public sealed class BadInputTests(PostgresCluster cluster)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A submission that breaks one rule, and the fields the hub must name.</summary>
    private sealed record BadSubmission(Func<HubUser, Task> Submit, params string[] Fields);

    private static readonly Dictionary<string, BadSubmission> BadSubmissions = new(StringComparer.Ordinal)
    {
        ["information without an idempotency key"] = new(Information(r => r.IdempotencyKey = ""), "idempotency_key"),
        ["information with an empty full text"] = new(Information(r => r.FullText = "  "), "full_text"),
        ["information without a subject"] = new(Information(r => r.Subject = null), "subject"),
        ["information whose subject has no themes"] = new(Information(r => r.Subject.Themes.Clear()), "subject.themes"),
        ["information about an area given by name instead of GSS code"] = new(Information(r => r.Subject.Areas[0].GssCode = "Cardiff"), "subject.areas[0].gss_code"),
        ["information about an area outside Wales (Bristol)"] = new(Information(r => r.Subject.Areas[0].GssCode = "E06000023"), "subject.areas[0].gss_code"),
        ["information with a malformed phone number"] = new(Information(r => r.Subject.Entities.Add(new Entity { PhoneNumber = new PhoneNumber { Number = "call the caseworker" } })), "subject.entities[1].phone_number.number"),
        ["information with a review date that is not in the future"] = new(Information(r => r.ReviewDate = InYears(-1)), "review_date"),
        // SECRET has no value in the API: a client built against another schema can still send the number.
        ["intelligence marked SECRET"] = new(Intelligence(r => r.Classification.Level = (ClassificationLevel)3), "classification.level"),
        ["intelligence with a source evaluation the 3x5x2 model does not have"] = new(Intelligence(r => r.Grade.SourceEvaluation = (SourceEvaluation)4), "grade.source_evaluation"),
        ["intelligence with an intelligence assessment the 3x5x2 model does not have"] = new(Intelligence(r => r.Grade.IntelligenceAssessment = (IntelligenceAssessment)6), "grade.intelligence_assessment"),
        ["handling code C intelligence without the originator's conditions"] = new(Intelligence(r => r.Grade.HandlingCode = HandlingCode.C), "handling_conditions"),
        ["intelligence with a legacy 5x5x5 grade that is not valid"] = new(Intelligence(r => r.LegacyGrade = new LegacyGrade
        {
            SourceEvaluation = LegacySourceEvaluation.BMostlyReliable,
            IntelligenceEvaluation = LegacyIntelligenceEvaluation.Unspecified,
            HandlingCode = (LegacyHandlingCode)6,
        }), "legacy_grade.intelligence_evaluation", "legacy_grade.handling_code"),
        ["ungraded intelligence"] = new(Intelligence(r => r.ClearGrading()), "grading"),
        ["intelligence whose sanitised text is its full text"] = new(Intelligence(r => r.SanitisedText = r.FullText), "sanitised_text"),
        ["information about events that start after the year 9999"] = new(Information(r => r.Subject.Occurred = new Google.Type.Interval { StartTime = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 999_999_999_999 } }), "subject.occurred.start_time"),
        ["information about a person with 37,000 aliases"] = new(Information(r => r.Subject.Entities[0].Person.Aliases.AddRange(Enumerable.Range(0, 37_000).Select(i => $"Alias {i}"))), "subject.entities[0].person.aliases"),
        ["information about a person with a 4 MB alias"] = new(Information(r => r.Subject.Entities[0].Person.Aliases.Add(new string('a', 4_000_000))), "subject.entities[0].person.aliases[0]"),
        ["information about a person whose nationality is not an ISO code"] = new(Information(r => r.Subject.Entities[0].Person.Nationalities.Add("7!")), "subject.entities[0].person.nationalities[0]"),
        ["information about a place with a 4 MB description"] = new(Information(r => r.Subject.Entities.Add(new Entity { Location = new Location { Postcode = "CF10 1AA", Description = new string('d', 4_000_000) } })), "subject.entities[1].location.description"),
        ["intelligence with 37,000 handling conditions"] = new(Intelligence(r =>
        {
            r.Grade.HandlingCode = HandlingCode.C;
            r.HandlingConditions.AddRange(Enumerable.Range(0, 37_000).Select(_ => new HandlingCondition { Kind = HandlingConditionKind.NotForEvidentialUse }));
        }), "handling_conditions"),
    };

    public static TheoryData<string, Engine> SubmissionCases() => OnEachEngine(BadSubmissions.Keys);

    private static TheoryData<string, Engine> OnEachEngine(IEnumerable<string> names)
    {
        var cases = new TheoryData<string, Engine>();
        foreach (var engine in Enum.GetValues<Engine>())
        {
            foreach (var name in names) cases.Add(name, engine);
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(SubmissionCases))]
    public async Task A_submission_that_breaks_a_rule_is_refused_with_its_field_violations_and_nothing_is_stored(string submission, Engine engine)
    {
        await using var hub = await InProcessHub.StartAsync(engine, cluster);
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var before = await StoreSizeAsync(hub);
        var bad = BadSubmissions[submission];

        var refused = await Assert.ThrowsAsync<RpcException>(() => bad.Submit(force));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal(bad.Fields, FieldsNamedBy(refused));
        Assert.Equal(before, await StoreSizeAsync(hub));
    }

    /// <summary>Resubmissions of one intelligence report under its key, each the same text but one change that affects sharing.</summary>
    private static readonly Dictionary<string, Func<HubUser, Task>> ReusedKeys = new(StringComparer.Ordinal)
    {
        // Within the protocols' retention for information (three years), so only the kind and review date differ.
        ["the same text as information"] = user =>
        {
            var intelligence = LabourIntelligence("swp-reused-1");
            return user.Reports.SubmitInformationAsync(new SubmitInformationRequest
            {
                IdempotencyKey = intelligence.IdempotencyKey, FullText = intelligence.FullText, Subject = intelligence.Subject,
                Classification = intelligence.Classification, ReviewDate = InYears(2), OriginatorReference = intelligence.OriginatorReference,
            }, cancellationToken: Token).ResponseAsync;
        },
        ["another classification"] = Intelligence("swp-reused-1", r => r.Classification = new Classification { Level = ClassificationLevel.Official }),
        ["another grade"] = Intelligence("swp-reused-1", r => r.Grade.SourceEvaluation = SourceEvaluation.Untested),
        ["another handling code"] = Intelligence("swp-reused-1", r =>
        {
            r.Grade.HandlingCode = HandlingCode.C;
            r.HandlingConditions.Add(new HandlingCondition { Kind = HandlingConditionKind.NotForEvidentialUse });
        }),
        ["another review date"] = Intelligence("swp-reused-1", r => r.ReviewDate = InYears(2)),
        ["another area"] = Intelligence("swp-reused-1", r => r.Subject.Areas[0].GssCode = ValeOfGlamorgan),
    };

    public static TheoryData<string, Engine> ReusedKeyCases() => OnEachEngine(ReusedKeys.Keys);

    [Theory]
    [MemberData(nameof(ReusedKeyCases))]
    public async Task An_idempotency_key_reused_for_a_request_that_differs_only_in_what_affects_sharing_is_refused_and_the_first_item_stands(string change, Engine engine)
    {
        await using var hub = await InProcessHub.StartAsync(engine, cluster);
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var first = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-reused-1"), cancellationToken: Token)).Receipt;
        var before = await StoreSizeAsync(hub);

        var refused = await Assert.ThrowsAsync<RpcException>(() => ReusedKeys[change](force));

        Assert.Equal(StatusCode.AlreadyExists, refused.StatusCode);
        Assert.Contains("new idempotency key", refused.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await StoreSizeAsync(hub));
        var retry = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-reused-1"), cancellationToken: Token)).Receipt;
        Assert.True(retry.Replayed);
        Assert.Equal(first.ItemId, retry.ItemId);
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task Intelligence_from_an_agency_that_is_not_law_enforcement_is_refused_and_only_the_refusal_is_audited(Engine engine)
    {
        await using var hub = await InProcessHub.StartAsync(engine, cluster);
        var council = hub.As("cardiff-council", UserRole.Submitter);
        var before = await StoreSizeAsync(hub);

        var refused = await Assert.ThrowsAsync<RpcException>(() => council.Reports.SubmitIntelligenceAsync(LabourIntelligence("council-int-1"), cancellationToken: Token).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("law-enforcement", refused.Status.Detail, StringComparison.Ordinal);
        var after = await StoreSizeAsync(hub);
        Assert.Equal(before.Items, after.Items);
        var denial = Assert.Single(await AuditTrail.EntriesSinceAsync(hub, before.AuditEntries, Token));
        Assert.Equal((AuditAction.Denial, "cardiff-council", "user-1"), (denial.Action, denial.Agency, denial.User));
        Assert.StartsWith("deny:/intelhub.v1.ReportService/SubmitIntelligence:", denial.Decision, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_without_a_declared_purpose_is_refused_naming_the_purpose_field_and_nothing_is_disclosed()
    {
        await using var hub = await InProcessHub.StartAsync();
        var force = hub.As("south-wales-police", UserRole.Analyst);
        var itemId = await SubmitOneAsync(hub);
        var before = await StoreSizeAsync(hub);

        var get = await Assert.ThrowsAsync<RpcException>(() => force.Reports.GetItemAsync(new GetItemRequest { ItemId = itemId }, cancellationToken: Token).ResponseAsync);
        var search = await Assert.ThrowsAsync<RpcException>(() => force.Reports.SearchItemsAsync(new SearchItemsRequest(), cancellationToken: Token).ResponseAsync);
        var unjustified = await Assert.ThrowsAsync<RpcException>(() => force.Reports.SearchItemsAsync(new SearchItemsRequest { Purpose = new Contracts.V1.Purpose { PurposeId = "disrupt-trafficking" } }, cancellationToken: Token).ResponseAsync);

        Assert.All([get, search, unjustified], e => Assert.Equal(StatusCode.InvalidArgument, e.StatusCode));
        Assert.Equal(["purpose"], FieldsNamedBy(get));
        Assert.Equal(["purpose"], FieldsNamedBy(search));
        Assert.Equal(["purpose.justification"], FieldsNamedBy(unjustified));
        Assert.Equal(before, await StoreSizeAsync(hub));
    }

    [Fact]
    public async Task A_purpose_no_protocol_names_is_refused_as_PERMISSION_DENIED_and_the_attempt_is_audited()
    {
        await using var hub = await InProcessHub.StartAsync();
        var force = hub.As("south-wales-police", UserRole.Analyst);
        var itemId = await SubmitOneAsync(hub);
        var before = await StoreSizeAsync(hub);

        var get = await Assert.ThrowsAsync<RpcException>(() => force.Reports.GetItemAsync(new GetItemRequest { ItemId = itemId, Purpose = Purpose("general-curiosity") }, cancellationToken: Token).ResponseAsync);
        var search = await Assert.ThrowsAsync<RpcException>(() => force.Reports.SearchItemsAsync(new SearchItemsRequest { Purpose = Purpose("general-curiosity") }, cancellationToken: Token).ResponseAsync);

        Assert.All([get, search], e => Assert.Equal(StatusCode.PermissionDenied, e.StatusCode));
        var audited = await AuditTrail.EntriesSinceAsync(hub, before.AuditEntries, Token);
        Assert.Equal(2, audited.Count);
        Assert.All(audited, e =>
        {
            Assert.Equal((AuditAction.Denial, "south-wales-police"), (e.Action, e.Agency));
            Assert.StartsWith("general-curiosity", e.Purpose, StringComparison.Ordinal);
        });
        Assert.Equal(before.Items, (await StoreSizeAsync(hub)).Items);
    }

    [Fact]
    public async Task A_page_token_that_this_search_did_not_issue_is_refused_naming_page_token()
    {
        await using var hub = await InProcessHub.StartAsync();
        var force = hub.As("south-wales-police", UserRole.Analyst);
        await SubmitOneAsync(hub, "swp-page-1");
        await SubmitOneAsync(hub, "swp-page-2");
        var firstPage = await force.Reports.SearchItemsAsync(new SearchItemsRequest { Purpose = Purpose("disrupt-trafficking"), PageSize = 1 }, cancellationToken: Token);
        Assert.NotEqual("", firstPage.NextPageToken);
        var before = await StoreSizeAsync(hub);

        var garbled = await Assert.ThrowsAsync<RpcException>(() => force.Reports.SearchItemsAsync(new SearchItemsRequest { Purpose = Purpose("disrupt-trafficking"), PageToken = "not-a-token!" }, cancellationToken: Token).ResponseAsync);
        // A genuine token replayed with other filters would page through a different result set.
        var otherFilters = await Assert.ThrowsAsync<RpcException>(() => force.Reports.SearchItemsAsync(new SearchItemsRequest { Purpose = Purpose("disrupt-trafficking"), Kinds = { ItemKind.Information }, PageToken = firstPage.NextPageToken }, cancellationToken: Token).ResponseAsync);

        Assert.All([garbled, otherFilters], e =>
        {
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
            Assert.Equal(["page_token"], FieldsNamedBy(e));
        });
        Assert.Equal(before, await StoreSizeAsync(hub));
    }

    [Fact]
    public async Task A_message_over_4_MiB_is_refused_with_RESOURCE_EXHAUSTED_before_anything_is_read_or_stored()
    {
        await using var hub = await InProcessHub.StartAsync();
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var before = await StoreSizeAsync(hub);
        var oversized = SafeguardingConcern("swp-huge").Also(r => r.FullText = new string('x', Hosting.HubApplication.MaxMessageBytes + 1));

        var refused = await Assert.ThrowsAsync<RpcException>(() => force.Reports.SubmitInformationAsync(oversized, cancellationToken: Token).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal(before, await StoreSizeAsync(hub));
    }

    [Fact]
    public async Task Audit_reads_beyond_the_signed_tree_or_with_inverted_bounds_are_refused_with_the_status_AuditQueries_promises()
    {
        await using var hub = await InProcessHub.StartAsync();
        await SubmitOneAsync(hub);
        var auditor = hub.As("nca", UserRole.Auditor);
        var size = (await auditor.Audit.GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: Token)).TreeSize;
        Assert.True(size >= 2, "the submission and its routing decisions are leaves");
        var before = await StoreSizeAsync(hub);
        // Checkpoints are signed on a schedule while the test runs, so "beyond the signed tree" lies well beyond it.
        var beyond = size + 1_000_000;

        (string Read, Func<Task> Call, StatusCode Status, string? Field)[] reads =
        [
            ("entries with end <= start", () => auditor.Audit.GetEntriesAsync(new GetEntriesRequest { Start = 1, End = 1 }, cancellationToken: Token).ResponseAsync, StatusCode.InvalidArgument, "end"),
            ("entries starting beyond the tree size", () => auditor.Audit.GetEntriesAsync(new GetEntriesRequest { Start = beyond, End = beyond + 1 }, cancellationToken: Token).ResponseAsync, StatusCode.OutOfRange, null),
            ("entries ending past the tree size", () => auditor.Audit.GetEntriesAsync(new GetEntriesRequest { Start = 0, End = beyond }, cancellationToken: Token).ResponseAsync, StatusCode.OutOfRange, null),
            ("inclusion in a tree of size 0", () => auditor.Audit.GetInclusionProofAsync(new GetInclusionProofRequest { LeafIndex = 0, TreeSize = 0 }, cancellationToken: Token).ResponseAsync, StatusCode.InvalidArgument, "tree_size"),
            ("inclusion of a leaf not in the tree", () => auditor.Audit.GetInclusionProofAsync(new GetInclusionProofRequest { LeafIndex = size, TreeSize = size }, cancellationToken: Token).ResponseAsync, StatusCode.InvalidArgument, "leaf_index"),
            ("inclusion in a tree larger than the checkpoint", () => auditor.Audit.GetInclusionProofAsync(new GetInclusionProofRequest { LeafIndex = 0, TreeSize = beyond }, cancellationToken: Token).ResponseAsync, StatusCode.OutOfRange, null),
            ("consistency from size 0", () => auditor.Audit.GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = 0, SecondSize = size }, cancellationToken: Token).ResponseAsync, StatusCode.InvalidArgument, "first_size"),
            ("consistency to a smaller tree", () => auditor.Audit.GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = size, SecondSize = 1 }, cancellationToken: Token).ResponseAsync, StatusCode.InvalidArgument, "second_size"),
            ("consistency to a tree larger than the checkpoint", () => auditor.Audit.GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = 1, SecondSize = beyond }, cancellationToken: Token).ResponseAsync, StatusCode.OutOfRange, null),
        ];

        var wrong = new List<string>();
        foreach (var (read, call, status, field) in reads)
        {
            var failure = await Record.ExceptionAsync(call);
            if (failure is not RpcException refused)
                wrong.Add($"{read}: expected {status}, got {(failure is null ? "OK" : failure.GetType().Name)}");
            else if (refused.StatusCode != status || (field is not null && !FieldsNamedBy(refused).SequenceEqual([field])))
                wrong.Add($"{read}: expected {status}{(field is null ? "" : " on " + field)}, got {refused.StatusCode} on [{string.Join(", ", FieldsNamedBy(refused))}]");
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        Assert.Equal(before, await StoreSizeAsync(hub));
    }

    /// <summary>How many items and audit entries the hub has stored.</summary>
    private static async Task<(int Items, long AuditEntries)> StoreSizeAsync(InProcessHub hub) =>
        ((await hub.Store.FindItemsAsync(new ItemQuery { Limit = 1000, IncludeDisposed = true }, Token)).Count, await hub.Store.AuditCountAsync(Token));

    /// <summary>The fields of the google.rpc.BadRequest in the status details, in the order the hub gave them.</summary>
    private static string[] FieldsNamedBy(RpcException refused) =>
        refused.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToArray() ?? [];

    private static async Task<string> SubmitOneAsync(InProcessHub hub, string key = "swp-seed-1") =>
        (await hub.As("south-wales-police", UserRole.Submitter).Reports.SubmitIntelligenceAsync(LabourIntelligence(key), cancellationToken: Token)).Receipt.ItemId;

    private static Func<HubUser, Task> Information(Action<SubmitInformationRequest> breakIt) =>
        user => user.Reports.SubmitInformationAsync(SafeguardingConcern("bad-information-1").Also(breakIt), cancellationToken: Token).ResponseAsync;

    private static Func<HubUser, Task> Intelligence(Action<SubmitIntelligenceRequest> breakIt) => Intelligence("bad-intelligence-1", breakIt);

    private static Func<HubUser, Task> Intelligence(string key, Action<SubmitIntelligenceRequest> change) =>
        user => user.Reports.SubmitIntelligenceAsync(LabourIntelligence(key).Also(change), cancellationToken: Token).ResponseAsync;
}
