using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>
/// Failures that used to answer UNKNOWN get a status a caller can act on, and a refusal is audited
/// however long the claims that came with it.
/// </summary>
public sealed class FailureStatusTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_full_store_answers_UNAVAILABLE_saying_so_and_the_hub_keeps_reading()
    {
        await using var hub = await InProcessHub.StartAsync("Storage:SqliteMaxSizeMegabytes=2");
        var force = hub.As("south-wales-police", UserRole.Submitter);

        RpcException? refused = null;
        for (var i = 0; i < 200 && refused is null; i++)
        {
            var report = LabourIntelligence($"swp-full-{i}");
            report.FullText += new string('x', 90_000) + i;
            try
            {
                await force.Reports.SubmitIntelligenceAsync(report, cancellationToken: Token);
            }
            catch (RpcException failure)
            {
                refused = failure;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("store is full", refused.Status.Detail, StringComparison.Ordinal);
        var listed = await new ProtocolService.ProtocolServiceClient(force.Channel).ListProtocolsAsync(new ListProtocolsRequest(), cancellationToken: Token);
        Assert.NotEmpty(listed.Protocols);
    }

    [Fact]
    public async Task A_request_that_is_not_protobuf_is_INVALID_ARGUMENT_and_the_hub_keeps_serving()
    {
        await using var hub = await InProcessHub.StartAsync();
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var raw = new Method<byte[], byte[]>(MethodType.Unary, "intelhub.v1.ReportService", "SubmitInformation",
            Marshallers.Create(bytes => bytes, bytes => bytes), Marshallers.Create(bytes => bytes, bytes => bytes));

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            force.Channel.CreateCallInvoker().AsyncUnaryCall(raw, null, new CallOptions(cancellationToken: Token), [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("not a valid protobuf message", refused.Status.Detail, StringComparison.Ordinal);
        var receipt = await force.Reports.SubmitInformationAsync(SafeguardingConcern("swp-after-garbage"), cancellationToken: Token);
        Assert.False(receipt.Receipt.Replayed);
    }

    [Fact]
    public async Task A_refused_caller_with_a_5000_character_user_claim_is_refused_and_audited_with_the_claim_bounded()
    {
        await using var hub = await InProcessHub.StartAsync();
        var user = new string('u', 5000);
        var auditor = new HubUser("cardiff-council", UserRole.Auditor,
            hub.ChannelAs(hub.Pki.ClientCertificateFor("cardiff-council", TimeProvider.System), bearerToken: hub.TokenFor("cardiff-council", UserRole.Auditor, user)));
        var auditedBefore = await hub.Store.AuditCountAsync(Token);

        var refused = await Assert.ThrowsAsync<RpcException>(() => auditor.Reports.SearchItemsAsync(new SearchItemsRequest { Purpose = Purpose("safeguarding-victims") }, cancellationToken: Token).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        var denial = Assert.Single(await AuditTrail.DenialsSinceAsync(hub, auditedBefore, Token));
        Assert.StartsWith("uuuu", denial.User, StringComparison.Ordinal);
        Assert.Contains("(5000 characters, sha256:", denial.User, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_purpose_no_protocol_names_given_in_5000_characters_is_refused_and_audited()
    {
        await using var hub = await InProcessHub.StartAsync();
        var analyst = hub.As("south-wales-police", UserRole.Analyst);
        var auditedBefore = await hub.Store.AuditCountAsync(Token);

        var refused = await Assert.ThrowsAsync<RpcException>(() => analyst.Reports.SearchItemsAsync(new SearchItemsRequest
        {
            Purpose = new Purpose { PurposeId = new string('p', 5000), Justification = "Testing a long purpose" },
        }, cancellationToken: Token).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        var denial = Assert.Single(await AuditTrail.DenialsSinceAsync(hub, auditedBefore, Token));
        Assert.Equal(AuditAction.Denial, denial.Action);
        Assert.Contains("(5000 characters, sha256:", denial.Purpose, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_data_directory_and_every_file_in_it_are_the_hub_users_only_after_a_start()
    {
        var setup = HubSetup.Sqlite();
        File.SetUnixFileMode(setup.DataDirectory, (UnixFileMode)0b111_101_101);
        await using var hub = await InProcessHub.StartAsync(setup);
        await hub.As("south-wales-police", UserRole.Submitter).Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-modes-1"), cancellationToken: Token);

        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(owner | UnixFileMode.UserExecute, File.GetUnixFileMode(hub.DataDirectory));
        var entries = Directory.EnumerateFileSystemEntries(hub.DataDirectory, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(entries, e => e.EndsWith("intelhub.db-wal", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.EndsWith(".key", StringComparison.Ordinal));
        Assert.All(entries, entry => Assert.Equal(Directory.Exists(entry) ? owner | UnixFileMode.UserExecute : owner, File.GetUnixFileMode(entry)));
    }
}
