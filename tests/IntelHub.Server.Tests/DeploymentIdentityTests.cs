using Grpc.Core;
using Grpc.Net.Client;
using IntelHub.Contracts.V1;
using IntelHub.Identity;

namespace IntelHub.Server.Tests;

/// <summary>A deployment brings its own CA, server certificate and identity providers, each trusted only for the agencies it names.</summary>
public sealed class DeploymentIdentityTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_configured_identity_provider_is_trusted_only_for_its_agencies_and_the_development_issuer_not_at_all()
    {
        // Stand-ins for a deployment's PKI and a council's identity provider, made in their own directory.
        var deployment = Directory.CreateTempSubdirectory("intelhub-deployment-").FullName;
        try
        {
            var pki = DevelopmentPki.LoadOrCreate(deployment, TimeProvider.System);
            var councilIdp = DevelopmentTokenIssuer.LoadOrCreate(deployment);
            await using var hub = await InProcessHub.StartAsync(
                $"Hub:Identity:ServerCertificateFile={Path.Combine(deployment, "server.crt")}",
                $"Hub:Identity:ServerKeyFile={Path.Combine(deployment, "server.key")}",
                $"Hub:Identity:ClientAuthorityFile={Path.Combine(deployment, "ca.crt")}",
                $"Hub:Identity:Issuers:0:Name={DevelopmentTokenIssuer.IssuerName}",
                $"Hub:Identity:Issuers:0:PublicKeyFile={Path.Combine(deployment, "token-issuer.pub")}",
                "Hub:Identity:Issuers:0:Agencies:0=cardiff-council");

            GrpcChannel As(string agency, string token) => hub.ChannelAs(pki.ClientCertificateFor(agency, TimeProvider.System), pki.Authority, token);
            var council = new InboxService.InboxServiceClient(As("cardiff-council", councilIdp.Issue("cardiff-council", "sw-17", UserRole.PartnerPractitioner, TimeSpan.FromMinutes(5), TimeProvider.System)));
            var policeWithCouncilToken = new InboxService.InboxServiceClient(As("south-wales-police", councilIdp.Issue("south-wales-police", "pc-1", UserRole.Analyst, TimeSpan.FromMinutes(5), TimeProvider.System)));
            var hubOwnIssuer = DevelopmentTokenIssuer.LoadOrCreate(Path.Combine(hub.DataDirectory, "pki"));
            var councilWithDevelopmentToken = new InboxService.InboxServiceClient(As("cardiff-council", hubOwnIssuer.Issue("cardiff-council", "sw-17", UserRole.PartnerPractitioner, TimeSpan.FromMinutes(5), TimeProvider.System)));

            var listed = await council.ListInboxAsync(new ListInboxRequest(), cancellationToken: Token);
            var notVouched = await Assert.ThrowsAsync<RpcException>(() => policeWithCouncilToken.ListInboxAsync(new ListInboxRequest(), cancellationToken: Token).ResponseAsync);
            var untrusted = await Assert.ThrowsAsync<RpcException>(() => councilWithDevelopmentToken.ListInboxAsync(new ListInboxRequest(), cancellationToken: Token).ResponseAsync);

            Assert.Empty(listed.Deliveries);
            Assert.Equal(StatusCode.Unauthenticated, notVouched.StatusCode);
            Assert.Contains("not trusted for agency 'south-wales-police'", notVouched.Status.Detail, StringComparison.Ordinal);
            Assert.Equal(StatusCode.Unauthenticated, untrusted.StatusCode);
        }
        finally
        {
            Directory.Delete(deployment, recursive: true);
        }
    }
}
