using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Identity;

namespace IntelHub.Server.Tests;

/// <summary>
/// Reading, validating and explaining the published protocols through ProtocolService, against the
/// repository's Wales protocols; the change RPCs stay unbuilt and say how changes are published.
/// </summary>
public sealed class ProtocolServiceTests
{
    private const string Isp = "wales-anti-trafficking-isp";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static ProtocolService.ProtocolServiceClient Protocols(HubUser user) => new(user.Channel);

    [Fact]
    public async Task List_shows_the_four_Wales_protocols_with_the_versions_in_force_and_no_document_text()
    {
        await using var hub = await InProcessHub.StartAsync();
        var practitioner = Protocols(hub.As("cardiff-council", UserRole.PartnerPractitioner));

        var listed = await practitioner.ListProtocolsAsync(new ListProtocolsRequest(), cancellationToken: Token);

        Assert.Equal(
            [("dda-2026-014-cardiff-nail-bars", "1"), ("gain-wales", "1.4"), (Isp, "2.1"), ("wales-police-riu-intelligence", "4")],
            listed.Protocols.Select(p => (p.ProtocolId, p.Version)));
        Assert.Empty(listed.NextPageToken);
        var isp = listed.Protocols.Single(p => p.ProtocolId == Isp);
        Assert.Equal(ProtocolStatus.InForce, isp.Status);
        Assert.Equal("wales-riu", isp.Owner.AgencyId);
        Assert.Contains(isp.Parties, a => a.AgencyId == "cardiff-council");
        Assert.Contains(isp.Approvals, a => a.Agency.AgencyId == "bawso");
        Assert.Equal(new Google.Type.Date { Year = 2027, Month = 3, Day = 31 }, isp.ReviewDate);
        Assert.Equal(new DateTime(2025, 4, 1, 0, 0, 0, DateTimeKind.Utc), isp.EffectiveAt.ToDateTime());
        Assert.Equal(Digest(RepositoryProtocol(Isp)), isp.Digest);
        Assert.All(listed.Protocols, p => Assert.Empty(p.DocumentText));
    }

    [Fact]
    public async Task List_pages_through_the_protocols_and_filters_by_party()
    {
        await using var hub = await InProcessHub.StartAsync();
        var user = Protocols(hub.As("bawso", UserRole.ProtocolOwner));

        var first = await user.ListProtocolsAsync(new ListProtocolsRequest { PageSize = 3 }, cancellationToken: Token);
        var second = await user.ListProtocolsAsync(new ListProtocolsRequest { PageSize = 3, PageToken = first.NextPageToken }, cancellationToken: Token);
        var bawsos = await user.ListProtocolsAsync(new ListProtocolsRequest { PartyAgencyId = "bawso" }, cancellationToken: Token);
        var scheduled = await user.ListProtocolsAsync(new ListProtocolsRequest { Statuses = { ProtocolStatus.Superseded } }, cancellationToken: Token);

        Assert.Equal(3, first.Protocols.Count);
        Assert.NotEmpty(first.NextPageToken);
        Assert.Equal(["wales-police-riu-intelligence"], second.Protocols.Select(p => p.ProtocolId));
        Assert.Empty(second.NextPageToken);
        Assert.Contains(Isp, bawsos.Protocols.Select(p => p.ProtocolId));
        Assert.DoesNotContain("wales-police-riu-intelligence", bawsos.Protocols.Select(p => p.ProtocolId));
        Assert.Empty(scheduled.Protocols);
    }

    [Fact]
    public async Task Get_returns_the_exact_file_text_and_its_digest_and_names_the_published_versions_of_an_unknown_one()
    {
        await using var hub = await InProcessHub.StartAsync();
        var auditor = Protocols(hub.As("wales-riu", UserRole.Auditor));
        var text = RepositoryProtocol(Isp);

        var inForce = await auditor.GetProtocolAsync(new GetProtocolRequest { ProtocolId = Isp }, cancellationToken: Token);
        var byVersion = await auditor.GetProtocolAsync(new GetProtocolRequest { ProtocolId = Isp, Version = "2.1" }, cancellationToken: Token);
        var noVersion = await Assert.ThrowsAsync<RpcException>(() => auditor.GetProtocolAsync(new GetProtocolRequest { ProtocolId = Isp, Version = "9.9" }, cancellationToken: Token).ResponseAsync);
        var noProtocol = await Assert.ThrowsAsync<RpcException>(() => auditor.GetProtocolAsync(new GetProtocolRequest { ProtocolId = "atlantis-isp" }, cancellationToken: Token).ResponseAsync);

        Assert.Equal(text, inForce.Protocol.DocumentText);
        Assert.Equal(Digest(text), inForce.Protocol.Digest);
        Assert.Equal(ProtocolStatus.InForce, inForce.Protocol.Status);
        Assert.Equal("2.1", inForce.Protocol.Version);
        Assert.Equal(inForce.Protocol, byVersion.Protocol);
        Assert.Equal(StatusCode.NotFound, noVersion.StatusCode);
        Assert.Contains("2.1", noVersion.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, noProtocol.StatusCode);
        Assert.Contains(Isp, noProtocol.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_change_RPCs_say_that_changes_are_published_through_the_policies_directory()
    {
        await using var hub = await InProcessHub.StartAsync();
        var owner = Protocols(hub.As("wales-riu", UserRole.ProtocolOwner));

        var propose = await Assert.ThrowsAsync<RpcException>(() => owner.ProposeProtocolVersionAsync(new ProposeProtocolVersionRequest { IdempotencyKey = "p-1", DocumentText = "id: x", ChangeNote = "test" }, cancellationToken: Token).ResponseAsync);
        var retire = await Assert.ThrowsAsync<RpcException>(() => owner.RetireProtocolAsync(new RetireProtocolRequest { ProtocolId = Isp, Reason = "test" }, cancellationToken: Token).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, propose.StatusCode);
        Assert.Equal(StatusCode.Unimplemented, retire.StatusCode);
        Assert.Contains("policies directory", propose.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_list_and_get_requests_are_INVALID_ARGUMENT_with_the_field_named()
    {
        await using var hub = await InProcessHub.StartAsync();
        var user = Protocols(hub.As("cardiff-council", UserRole.PartnerPractitioner));

        var noId = await Assert.ThrowsAsync<RpcException>(() => user.GetProtocolAsync(new GetProtocolRequest(), cancellationToken: Token).ResponseAsync);
        var pageSize = await Assert.ThrowsAsync<RpcException>(() => user.ListProtocolsAsync(new ListProtocolsRequest { PageSize = 101 }, cancellationToken: Token).ResponseAsync);
        var party = await Assert.ThrowsAsync<RpcException>(() => user.ListProtocolsAsync(new ListProtocolsRequest { PartyAgencyId = "atlantis-police" }, cancellationToken: Token).ResponseAsync);
        var token = await Assert.ThrowsAsync<RpcException>(() => user.ListProtocolsAsync(new ListProtocolsRequest { PageToken = "not-a-token" }, cancellationToken: Token).ResponseAsync);

        Assert.All([noId, pageSize, party, token], e => Assert.Equal(StatusCode.InvalidArgument, e.StatusCode));
        Assert.Contains("protocol_id", noId.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("page_size", pageSize.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("party_agency_id", party.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("page_token", token.Status.Detail, StringComparison.Ordinal);
    }

    private static string Digest(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string RepositoryProtocol(string id) => File.ReadAllText(Path.Combine(RepositoryPolicies, "protocols", id + ".yaml"));

    private static string RepositoryPolicies
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IntelHub.sln"))) directory = directory.Parent;
            return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("IntelHub.sln not found above the test binaries."), "policies");
        }
    }
}
