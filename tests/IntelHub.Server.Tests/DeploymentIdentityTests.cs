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

            var listed = await council.ListInboxAsync(new ListInboxRequest { Purpose = SampleReports.Purpose("safeguarding-victims") }, cancellationToken: Token);
            var notVouched = await Assert.ThrowsAsync<RpcException>(() => policeWithCouncilToken.ListInboxAsync(new ListInboxRequest { Purpose = SampleReports.Purpose("safeguarding-victims") }, cancellationToken: Token).ResponseAsync);
            var untrusted = await Assert.ThrowsAsync<RpcException>(() => councilWithDevelopmentToken.ListInboxAsync(new ListInboxRequest { Purpose = SampleReports.Purpose("safeguarding-victims") }, cancellationToken: Token).ResponseAsync);

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

    [Fact]
    public async Task One_trusted_identity_provider_cannot_sign_in_the_name_of_another()
    {
        // Given a deployment trusting a police identity provider for South Wales Police and a council's for Cardiff Council
        var deployment = Directory.CreateTempSubdirectory("intelhub-deployment-").FullName;
        try
        {
            var pki = DevelopmentPki.LoadOrCreate(deployment, TimeProvider.System);
            var policeIdp = DevelopmentTokenIssuer.LoadOrCreate(Path.Combine(deployment, "police-idp"), "swp-idp");
            DevelopmentTokenIssuer.LoadOrCreate(Path.Combine(deployment, "council-idp"), "cardiff-idp");
            // The council provider's key, signing tokens that claim the police provider issued them.
            var forged = DevelopmentTokenIssuer.LoadOrCreate(Path.Combine(deployment, "council-idp"), "swp-idp");
            await using var hub = await InProcessHub.StartAsync(
                $"Hub:Identity:ServerCertificateFile={Path.Combine(deployment, "server.crt")}",
                $"Hub:Identity:ServerKeyFile={Path.Combine(deployment, "server.key")}",
                $"Hub:Identity:ClientAuthorityFile={Path.Combine(deployment, "ca.crt")}",
                "Hub:Identity:Issuers:0:Name=swp-idp",
                $"Hub:Identity:Issuers:0:PublicKeyFile={Path.Combine(deployment, "police-idp", "token-issuer.pub")}",
                "Hub:Identity:Issuers:0:Agencies:0=south-wales-police",
                "Hub:Identity:Issuers:1:Name=cardiff-idp",
                $"Hub:Identity:Issuers:1:PublicKeyFile={Path.Combine(deployment, "council-idp", "token-issuer.pub")}",
                "Hub:Identity:Issuers:1:Agencies:0=cardiff-council");
            InboxService.InboxServiceClient Police(string token) =>
                new(hub.ChannelAs(pki.ClientCertificateFor("south-wales-police", TimeProvider.System), pki.Authority, token));

            // When the police use their own provider's token, and someone holding the council's key forges one
            var genuine = await Police(policeIdp.Issue("south-wales-police", "pc-1", UserRole.Analyst, TimeSpan.FromMinutes(5), TimeProvider.System))
                .ListInboxAsync(new ListInboxRequest { Purpose = SampleReports.Purpose("safeguarding-victims") }, cancellationToken: Token);
            var refused = await Assert.ThrowsAsync<RpcException>(() =>
                Police(forged.Issue("south-wales-police", "pc-1", UserRole.Analyst, TimeSpan.FromMinutes(5), TimeProvider.System))
                    .ListInboxAsync(new ListInboxRequest { Purpose = SampleReports.Purpose("safeguarding-victims") }, cancellationToken: Token).ResponseAsync);

            // Then only the genuine token is accepted: the forged one fails its signature check against the police key
            Assert.Empty(genuine.Deliveries);
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
            Assert.Contains("signature", refused.Status.Detail, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(deployment, recursive: true);
        }
    }
}
