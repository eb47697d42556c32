using Grpc.Core;
using Grpc.Health.V1;
using IntelHub.Server.Hosting;
using IntelHub.Identity;

namespace IntelHub.Server.Tests;

public sealed class TransportSecurityTests
{
    [Fact]
    public async Task Agency_with_a_certificate_from_the_hub_CA_reaches_the_hub()
    {
        await using var hub = await InProcessHub.StartAsync();
        using var channel = hub.ChannelAsAgency("gwent-police");

        var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Client_without_a_certificate_is_refused_before_any_RPC()
    {
        await using var hub = await InProcessHub.StartAsync();
        using var channel = hub.ChannelAs(clientCertificate: null);

        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        AssertRefusedByTls(failure);
    }

    [Fact]
    public async Task Certificate_from_another_CA_is_refused_even_if_it_names_an_agency()
    {
        await using var hub = await InProcessHub.StartAsync();
        var stranger = DevelopmentPki.LoadOrCreate(Path.Combine(hub.DataDirectory, "stranger-pki"), TimeProvider.System);
        using var channel = hub.ChannelAs(stranger.ClientCertificateFor("gwent-police", TimeProvider.System));

        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        AssertRefusedByTls(failure);
    }

    // Under TLS 1.3 the server rejects the client's certificate after the client has sent its
    // request, so the refusal reaches the client as a failed connection (UNAVAILABLE) or a reset
    // stream (INTERNAL); either way no RPC ran.
    private static void AssertRefusedByTls(RpcException failure) =>
        Assert.Contains(failure.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal });

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes
    public async Task Development_certificates_are_reused_across_restarts_and_keys_are_owner_only()
    {
        string caThumbprint, dataDirectory;
        await using (var first = await InProcessHub.StartAsync())
        {
            caThumbprint = first.Pki.Authority.Thumbprint;
            dataDirectory = first.DataDirectory;
            var (_, keyPath) = first.Pki.ClientCertificateFiles("gwent-police");
            first.Pki.ClientCertificateFor("gwent-police", TimeProvider.System);

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dataDirectory, "pki", "ca.key")));

            var again = DevelopmentPki.LoadOrCreate(Path.Combine(dataDirectory, "pki"), TimeProvider.System);
            Assert.Equal(caThumbprint, again.Authority.Thumbprint);
        }
    }

    [Fact]
    public void Agency_id_is_read_from_the_certificate_URI_name()
    {
        var directory = Directory.CreateTempSubdirectory("intelhub-pki-").FullName;
        try
        {
            var pki = DevelopmentPki.LoadOrCreate(directory, TimeProvider.System);

            Assert.Equal("cardiff-council", AgencyCertificate.AgencyIdOf(pki.ClientCertificateFor("cardiff-council", TimeProvider.System)));
            Assert.Null(AgencyCertificate.AgencyIdOf(pki.Server));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Plaintext_on_a_non_loopback_address_stops_the_hub_with_the_setting_named()
    {
        var failure = await Assert.ThrowsAsync<HubConfigurationException>(() =>
            HubApplication.BuildAsync(["--Hub:AllowPlaintextForLocalDevelopment=true", "--Hub:ListenAddress=0.0.0.0"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("Hub:AllowPlaintextForLocalDevelopment", failure.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", failure.Message, StringComparison.Ordinal);
    }
}
