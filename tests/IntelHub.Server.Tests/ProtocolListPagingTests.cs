using System.Text;
using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Testing.Postgres;
using static IntelHub.Server.Tests.ProtocolOwners;

namespace IntelHub.Server.Tests;

/// <summary>
/// ListProtocols pages by version: a protocol with many versions spans pages, every version is listed once, and only
/// a page token the hub gave, unchanged and with the same filters, continues a listing.
/// </summary>
public sealed class ProtocolListPagingTests(PostgresCluster cluster) : IDisposable
{
    private const string Isp = "wales-anti-trafficking-isp";
    private const string StartAgain = "start again without a page token";
    private readonly string _policies = CopyOfPoliciesWithApproverOwners("anti-trafficking-isp.yaml");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_policies, recursive: true);

    private Task<InProcessHub> StartAsync(Engine engine) => InProcessHub.StartAsync(engine, cluster, $"Hub:PolicyDirectory={_policies}");

    private static ProtocolService.ProtocolServiceClient Reader(InProcessHub hub) => new(hub.As("cardiff-council", UserRole.PartnerPractitioner).Channel);

    /// <summary>Proposes versions 2.3, 2.4 and 2.5 of the ISP (stored, not published), so that it has four versions.</summary>
    private async Task ProposeThreeVersionsAsync(InProcessHub hub)
    {
        var original = await File.ReadAllTextAsync(Path.Combine(_policies, "protocols", Isp + ".yaml"), Token);
        foreach (var version in new[] { "2.3", "2.4", "2.5" })
        {
            await Owner(hub, "wales-riu").ProposeProtocolVersionAsync(
                new ProposeProtocolVersionRequest { IdempotencyKey = "paging-" + version, DocumentText = AsVersion(original, "2.2", version), ChangeNote = "annual review" },
                cancellationToken: Token);
        }
    }

    private static async Task<List<ListProtocolsResponse>> PagesAsync(ProtocolService.ProtocolServiceClient client, ListProtocolsRequest request, params int[] sizes)
    {
        var pages = new List<ListProtocolsResponse>();
        do
        {
            // The page size may change from page to page; the token stays valid.
            request.PageSize = sizes[Math.Min(pages.Count, sizes.Length - 1)];
            var page = await client.ListProtocolsAsync(request, cancellationToken: Token);
            pages.Add(page);
            request.PageToken = page.NextPageToken;
            Assert.True(pages.Count <= 50, "the listing does not end");
        }
        while (request.PageToken.Length > 0);
        return pages;
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task Every_version_is_listed_once_across_pages_and_a_protocols_versions_span_pages(Engine engine)
    {
        await using var hub = await StartAsync(engine);
        await ProposeThreeVersionsAsync(hub);
        var reader = Reader(hub);

        var whole = await reader.ListProtocolsAsync(new ListProtocolsRequest { AllVersions = true, PageSize = 100 }, cancellationToken: Token);
        var pages = await PagesAsync(reader, new ListProtocolsRequest { AllVersions = true }, 2, 3, 2);
        var inForce = await PagesAsync(reader, new ListProtocolsRequest(), 1);

        var listed = pages.SelectMany(p => p.Protocols).Select(v => (v.ProtocolId, v.Version)).ToList();
        Assert.Equal(7, whole.Protocols.Count);
        Assert.Empty(whole.NextPageToken);
        Assert.Equal(whole.Protocols.Select(v => (v.ProtocolId, v.Version)), listed);
        Assert.Equal(["2.2", "2.3", "2.4", "2.5"], listed.Where(v => v.ProtocolId == Isp).Select(v => v.Version).Order(StringComparer.Ordinal));
        Assert.Equal([2, 3, 2], pages.Select(p => p.Protocols.Count));
        Assert.Contains(pages.Zip(pages.Skip(1)), p => p.First.Protocols[^1].ProtocolId == Isp && p.Second.Protocols[0].ProtocolId == Isp);
        Assert.Empty(pages[^1].NextPageToken);
        Assert.Equal(
            [("dda-2026-014-cardiff-nail-bars", "1"), ("gain-wales", "1.4"), (Isp, "2.2"), ("wales-police-riu-intelligence", "5")],
            inForce.SelectMany(p => p.Protocols).Select(v => (v.ProtocolId, v.Version)));
        Assert.Equal(4, inForce.Count);
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task A_forged_altered_or_foreign_page_token_or_a_page_size_outside_1_to_100_is_INVALID_ARGUMENT(Engine engine)
    {
        await using var hub = await StartAsync(engine);
        await using var other = await InProcessHub.StartAsync($"Hub:PolicyDirectory={_policies}");
        await ProposeThreeVersionsAsync(hub);
        var reader = Reader(hub);
        var first = await reader.ListProtocolsAsync(new ListProtocolsRequest { AllVersions = true, PageSize = 2 }, cancellationToken: Token);
        var token = first.NextPageToken;
        var fromOtherHub = (await Reader(other).ListProtocolsAsync(new ListProtocolsRequest { AllVersions = true, PageSize = 2 }, cancellationToken: Token)).NextPageToken;

        // An attacker's guesses: a token written by hand for a position, one character changed, a token from another
        // hub, the token with other filters, and rubbish.
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes(Isp + "\n2.2")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var altered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];
        var attempts = new[]
        {
            new ListProtocolsRequest { AllVersions = true, PageToken = forged },
            new ListProtocolsRequest { AllVersions = true, PageToken = altered },
            new ListProtocolsRequest { AllVersions = true, PageToken = fromOtherHub },
            new ListProtocolsRequest { AllVersions = true, PageToken = token, PartyAgencyId = "bawso" },
            new ListProtocolsRequest { AllVersions = false, PageToken = token },
            new ListProtocolsRequest { AllVersions = true, PageToken = "%%%" + new string('A', 5000) },
        };
        foreach (var attempt in attempts)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => reader.ListProtocolsAsync(attempt, cancellationToken: Token).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
            Assert.Contains("page_token", refused.Status.Detail, StringComparison.Ordinal);
            Assert.Contains(StartAgain, refused.Status.Detail, StringComparison.Ordinal);
        }

        foreach (var size in new[] { -1, 101, int.MaxValue, int.MinValue })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => reader.ListProtocolsAsync(new ListProtocolsRequest { PageSize = size }, cancellationToken: Token).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
            Assert.Contains($"page_size: {size} is not a page size: ask for 1 to 100", refused.Status.Detail, StringComparison.Ordinal);
        }

        // The genuine token, unchanged and with the same filters, still continues the listing where it stopped.
        var second = await reader.ListProtocolsAsync(new ListProtocolsRequest { AllVersions = true, PageSize = 2, PageToken = token }, cancellationToken: Token);
        Assert.Equal(2, second.Protocols.Count);
        Assert.DoesNotContain(second.Protocols, v => first.Protocols.Any(f => f.ProtocolId == v.ProtocolId && f.Version == v.Version));
    }
}
