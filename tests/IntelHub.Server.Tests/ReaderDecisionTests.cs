using Google.Protobuf.Reflection;
using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Testing.Postgres;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>
/// Every release of item content is decided for the person reading, on every read: their agency, role and declared
/// purpose, under the protocols in force now. A role a rule excludes gets nothing more than existence from any path,
/// and a narrowed protocol takes effect on the next read of every path, the inbox included.
/// </summary>
public sealed class ReaderDecisionTests(PostgresCluster cluster) : IDisposable
{
    private const string Isp = "wales-anti-trafficking-isp";
    private const string CouncilRule = "  - id: police-information-to-councils-and-health-boards";
    private const string Safeguarding = "safeguarding-victims";

    /// <summary>
    /// The RPCs whose replies carry item content, each with the test that pins its per-reader decision. A new RPC that
    /// returns content fails <see cref="Every_rpc_that_returns_item_content_is_covered_by_a_per_reader_decision_test"/>
    /// until it is added here with such a test.
    /// </summary>
    private static readonly Dictionary<string, string> CoveredBy = new(StringComparer.Ordinal)
    {
        ["intelhub.v1.ReportService.GetItem"] = nameof(Every_path_releases_content_decided_for_the_readers_role_and_the_protocols_in_force_now),
        ["intelhub.v1.ReportService.SearchItems"] = nameof(Every_path_releases_content_decided_for_the_readers_role_and_the_protocols_in_force_now),
        ["intelhub.v1.InboxService.ListInbox"] = nameof(Every_path_releases_content_decided_for_the_readers_role_and_the_protocols_in_force_now),
        ["intelhub.v1.InboxService.StreamInbox"] = nameof(Every_path_releases_content_decided_for_the_readers_role_and_the_protocols_in_force_now),
    };

    /// <summary>The messages that are item content: an item as disclosed, its texts and its subject.</summary>
    private static readonly string[] ContentMessages = ["intelhub.v1.DisclosedItem", "intelhub.v1.FullContent", "intelhub.v1.SanitisedContent", "intelhub.v1.ItemSubject"];

    private readonly string _policies = ProtocolOwners.CopyOfPoliciesWithApproverOwners("anti-trafficking-isp.yaml");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string IspFile => Path.Combine(_policies, "protocols", Isp + ".yaml");

    public void Dispose() => Directory.Delete(_policies, recursive: true);

    [Fact]
    public void Every_rpc_that_returns_item_content_is_covered_by_a_per_reader_decision_test()
    {
        // Given every RPC of every service the API declares
        var methods = new[] { ReportService.Descriptor, InboxService.Descriptor, AuditService.Descriptor, ProtocolService.Descriptor, DisseminationService.Descriptor, ProblemProfileService.Descriptor }
            .SelectMany(service => service.Methods);

        // When those whose reply holds item content (directly or in any nested message) are picked out
        var releasing = methods.Where(m => HoldsContent(m.OutputType, [])).Select(m => m.FullName).Order(StringComparer.Ordinal).ToList();

        // Then each one has a per-reader decision test, and that test exists
        Assert.Contains("intelhub.v1.InboxService.StreamInbox", releasing);
        Assert.All(releasing, rpc => Assert.True(CoveredBy.ContainsKey(rpc), $"{rpc} returns item content but no per-reader decision test covers it: add one and list it in {nameof(CoveredBy)}."));
        Assert.All(CoveredBy.Values.Distinct(), test => Assert.NotNull(typeof(ReaderDecisionTests).GetMethod(test)));
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task Every_path_releases_content_decided_for_the_readers_role_and_the_protocols_in_force_now(Engine engine)
    {
        // Given protocols under which police information reaches the council's practitioners in full, and no other role
        var original = await File.ReadAllTextAsync(IspFile, Token);
        await File.WriteAllTextAsync(IspFile, PractitionersOnly(original), Token);
        await CouncilsMayHoldAnalystAsync();
        await using var hub = await InProcessHub.StartAsync(engine, cluster, [$"Hub:PolicyDirectory={_policies}", "Hub:PolicyReloadInterval=00:00:00.100", .. AuthorizationMatrixTests.QuickInbox]);
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var itemId = (await force.Reports.SubmitInformationAsync(SafeguardingConcern("swp-reader-1"), cancellationToken: Token)).Receipt.ItemId;
        var practitioner = hub.As("cardiff-council", UserRole.PartnerPractitioner, "practitioner-1");
        var analyst = hub.As("cardiff-council", UserRole.Analyst, "analyst-1");

        // When the practitioner reads it by every path
        var practitionerViews = await ViewsAsync(practitioner, itemId);

        // Then every path releases it in full
        Assert.Equal(Paths.Select(_ => (DisclosureView?)DisclosureView.Full), practitionerViews);
        // And a search by its area finds it
        var byAreaInFull = await practitioner.Reports.SearchItemsAsync(new SearchItemsRequest { Purpose = Purpose(Safeguarding), AreaGssCodes = { SampleReports.Cardiff } }, cancellationToken: Token);
        Assert.Contains(byAreaInFull.Items, i => i.ItemId == itemId);

        // When a colleague in a role the rule excludes reads it by every path
        var audited = await hub.Store.AuditCountAsync(Token);
        var analystViews = await ViewsAsync(analyst, itemId);

        // Then no path releases more than that it exists: get and search show nothing, the inbox only whom to ask
        Assert.All(analystViews, view => Assert.True(view is null or DisclosureView.ExistenceOnly, $"a role the rule excludes was released {view}"));
        Assert.Null(analystViews[0]);
        Assert.Null(analystViews[1]);
        // And the inbox's audit entries record the reader, the purpose and justification, and the view actually released
        var deliveries = (await AuditTrail.EntriesSinceAsync(hub, audited, Token)).Where(e => e.Action == AuditAction.Delivery && e.User == "analyst-1").ToList();
        Assert.NotEmpty(deliveries);
        Assert.All(deliveries, d => Assert.Equal((itemId, "existence-only", Safeguarding + " (case TEST-1)", Purpose(Safeguarding).Justification), (d.ItemId, d.View, d.Purpose, d.Justification)));

        // When the protocol is narrowed to "exists: refer to the originator" while the hub runs
        await ProtocolOwners.PublishAsync(hub, "wales-riu", NarrowedToExistenceOnly(PractitionersOnly(original)));
        var narrowed = await PolicyReloadTests.EventuallyAsync(async () => (await GetAsync(practitioner, itemId))?.View == DisclosureView.ExistenceOnly);
        Assert.True(narrowed, "the narrowed protocol was not published within 10 s");

        // Then the very next read by every path, the inbox included, releases only existence
        Assert.Equal(Paths.Select(_ => (DisclosureView?)DisclosureView.ExistenceOnly), await ViewsAsync(practitioner, itemId));

        // And a search on what that view withholds (the item's area, its theme) does not find it: a match would reveal them
        var byArea = await practitioner.Reports.SearchItemsAsync(new SearchItemsRequest { Purpose = Purpose(Safeguarding), AreaGssCodes = { SampleReports.Cardiff } }, cancellationToken: Token);
        Assert.DoesNotContain(byArea.Items, i => i.ItemId == itemId);
        var byTheme = await practitioner.Reports.SearchItemsAsync(
            new SearchItemsRequest { Purpose = Purpose(Safeguarding), Themes = { SafeguardingConcern("unused").Subject.Themes } }, cancellationToken: Token);
        Assert.DoesNotContain(byTheme.Items, i => i.ItemId == itemId);
    }

    private static readonly string[] Paths = ["get", "search", "inbox list", "inbox stream"];

    /// <summary>The view each path releases the item in to the user (get, search, inbox list, inbox stream); null when it releases nothing.</summary>
    private static async Task<DisclosureView?[]> ViewsAsync(HubUser user, string itemId) =>
    [
        (await GetAsync(user, itemId))?.View,
        (await RefusedAsNothingAsync(async () => (await user.Reports.SearchItemsAsync(new SearchItemsRequest { Purpose = Purpose(Safeguarding) }, cancellationToken: Token)).Items.SingleOrDefault(i => i.ItemId == itemId)))?.View,
        (await RefusedAsNothingAsync(async () => (await user.Inbox.ListInboxAsync(new ListInboxRequest { IncludeAcknowledged = true, Purpose = Purpose(Safeguarding) }, cancellationToken: Token)).Deliveries.SingleOrDefault(d => d.Item?.ItemId == itemId)?.Item))?.View,
        (await RefusedAsNothingAsync(async () => (await StreamedAsync(user, itemId))?.Item))?.View,
    ];

    private static Task<DisclosedItem?> GetAsync(HubUser user, string itemId) =>
        RefusedAsNothingAsync(async () => (await user.Reports.GetItemAsync(new GetItemRequest { ItemId = itemId, Purpose = Purpose(Safeguarding) }, cancellationToken: Token)).Item);

    /// <summary>The delivery of the item on a fresh inbox stream, or null when the stream does not deliver it.</summary>
    private static async Task<InboxDelivery?> StreamedAsync(HubUser user, string itemId)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var stream = user.Inbox.StreamInbox(new StreamInboxRequest { Purpose = Purpose(Safeguarding) }, cancellationToken: timeout.Token);
        while (await stream.ResponseStream.MoveNext(timeout.Token))
        {
            var current = stream.ResponseStream.Current;
            if (current.Heartbeat is not null) return null;
            if (current.Delivery.Item?.ItemId == itemId) return current.Delivery;
        }
        return null;
    }

    /// <summary>What a call released; a refusal (the item "not found", or the call not open to the role) releases nothing.</summary>
    private static async Task<DisclosedItem?> RefusedAsNothingAsync(Func<Task<DisclosedItem?>> read)
    {
        try
        {
            return await read();
        }
        catch (RpcException refused) when (refused.StatusCode is StatusCode.NotFound or StatusCode.PermissionDenied)
        {
            return null;
        }
    }

    private static bool HoldsContent(MessageDescriptor message, HashSet<string> seen)
    {
        if (ContentMessages.Contains(message.FullName)) return true;
        if (!seen.Add(message.FullName)) return false;
        return message.Fields.InDeclarationOrder().Any(f => f.FieldType == FieldType.Message && HoldsContent(f.MessageType, seen));
    }

    /// <summary>The ISP with police information reaching councils and health boards for their practitioners only.</summary>
    /// <summary>
    /// Lets councils hold the analyst role (a council's own enforcement analysts), so that the reader excluded by the rule
    /// is refused by the sharing decision, not already by the role grants of agencies.yaml.
    /// </summary>
    private async Task CouncilsMayHoldAnalystAsync()
    {
        var file = Path.Combine(_policies, "agencies.yaml");
        const string analysts = "held-by: [police-force, regional-intelligence-unit, law-enforcement-agency, prosecutor]";
        var agencies = await File.ReadAllTextAsync(file, Token);
        Assert.Contains(analysts, agencies, StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, agencies.Replace(analysts, analysts[..^1] + ", local-authority]", StringComparison.Ordinal), Token);
    }

    private static string PractitionersOnly(string isp)
    {
        var rule = isp.IndexOf(CouncilRule, StringComparison.Ordinal);
        var purposes = isp.IndexOf("    purposes: [safeguarding-victims]\n", rule, StringComparison.Ordinal);
        return isp.Insert(purposes, "    roles: [partner-practitioner]\n");
    }

    /// <summary>The ISP as version 2.3, with police information to councils narrowed to "exists: refer to the originator".</summary>
    private static string NarrowedToExistenceOnly(string isp)
    {
        var rule = isp.IndexOf(CouncilRule, StringComparison.Ordinal);
        var view = isp.IndexOf("    view: full", rule, StringComparison.Ordinal);
        var narrowed = string.Concat(isp.AsSpan(0, view), "    view: existence-only", isp.AsSpan(view + "    view: full".Length));
        return narrowed.Replace("version: \"2.2\"", "version: \"2.3\"", StringComparison.Ordinal);
    }
}
