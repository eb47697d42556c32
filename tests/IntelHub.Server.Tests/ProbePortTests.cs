using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using IntelHub.Contracts.V1;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace IntelHub.Server.Tests;

/// <summary>An orchestrator's probe reaches the health service without a certificate, and nothing else.</summary>
public sealed class ProbePortTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_probe_port_answers_the_health_check_in_plaintext_and_refuses_every_other_service()
    {
        await using var hub = await InProcessHub.StartAsync("Hub:HealthPort=0");
        var probeAddress = hub.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).Single(a => a.Scheme == Uri.UriSchemeHttp);
        using var probe = GrpcChannel.ForAddress(probeAddress);

        var health = await new Health.HealthClient(probe).CheckAsync(new HealthCheckRequest(), cancellationToken: Token);
        var search = await Assert.ThrowsAsync<RpcException>(() => new ReportService.ReportServiceClient(probe)
            .SearchItemsAsync(new SearchItemsRequest { Purpose = new Purpose { PurposeId = "disrupt-trafficking" } }, cancellationToken: Token).ResponseAsync);
        var checkpoint = await Assert.ThrowsAsync<RpcException>(() => new AuditService.AuditServiceClient(probe)
            .GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: Token).ResponseAsync);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Equal(StatusCode.Unimplemented, search.StatusCode);
        Assert.Equal(StatusCode.Unimplemented, checkpoint.StatusCode);
        Assert.Equal(Uri.UriSchemeHttps, hub.Address.Scheme);
    }
}
