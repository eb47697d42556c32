using System.Security.Cryptography;
using System.Text;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>
/// Protocol owners change the protocols while the hub runs: a valid new version is published and recorded, a broken
/// file or a version rewritten under its old number is not, and the previous protocols keep serving meanwhile.
/// </summary>
public sealed class PolicyReloadTests : IDisposable
{
    private const string Isp = "wales-anti-trafficking-isp";
    private readonly string _policies = CopyOfRepositoryPolicies();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string IspFile => Path.Combine(_policies, "protocols", Isp + ".yaml");

    public void Dispose() => Directory.Delete(_policies, recursive: true);

    [Fact]
    public async Task A_new_protocol_version_is_published_and_recorded_while_a_broken_or_rewritten_one_changes_nothing()
    {
        // Given a hub deciding by a copy of the Wales protocols, looking for changes every 100 ms
        await using var hub = await InProcessHub.StartAsync($"Hub:PolicyDirectory={_policies}", "Hub:PolicyReloadInterval=00:00:00.100");
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var original = await File.ReadAllTextAsync(IspFile, Token);

        // Then every protocol version it decides by is recorded with its text, and a force's intelligence reaches Cardiff sanitised
        var recorded = await hub.Store.ListProtocolVersionsAsync(Token);
        Assert.Equal(4, recorded.Count);
        var isp = Assert.Single(recorded, v => v.ProtocolId == Isp);
        Assert.Equal(("2.2", "published", Digest(original)), (isp.Version, isp.Status, isp.DocumentDigest));
        Assert.Equal(DisclosureView.Sanitised, await CardiffViewAsync(force));

        // When the ISP file is broken, and then changed without a new version number
        await File.WriteAllTextAsync(IspFile, original.Replace("effective: 2025-04-01", "effective: 01/04/2025", StringComparison.Ordinal), Token);
        await Task.Delay(TimeSpan.FromSeconds(1), Token);
        var whileBroken = await CardiffViewAsync(force);
        await File.WriteAllTextAsync(IspFile, NarrowedToExistenceOnly(original), Token);
        await Task.Delay(TimeSpan.FromSeconds(1), Token);
        var whileRewritten = await CardiffViewAsync(force);

        // Then neither is published: the previous protocols keep serving, and no version is recorded twice
        Assert.Equal(DisclosureView.Sanitised, whileBroken);
        Assert.Equal(DisclosureView.Sanitised, whileRewritten);
        Assert.Equal(4, (await hub.Store.ListProtocolVersionsAsync(Token)).Count);

        // When the same change comes as version 2.3
        var newVersion = NarrowedToExistenceOnly(original).Replace("version: \"2.2\"", "version: \"2.3\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(IspFile, newVersion, Token);
        var published = await EventuallyAsync(async () => await CardiffViewAsync(force) == DisclosureView.ExistenceOnly);

        // Then it is published and recorded beside the version it replaces
        Assert.True(published, "the new version was not published within 10 s");
        var versions = (await hub.Store.ListProtocolVersionsAsync(Token)).Where(v => v.ProtocolId == Isp).ToList();
        Assert.Equal(["2.2", "2.3"], versions.Select(v => v.Version).Order(StringComparer.Ordinal));
        var stored = versions.Single(v => v.Version == "2.3");
        Assert.Equal((newVersion, Digest(newVersion)), (stored.DocumentText, stored.DocumentDigest));
    }

    /// <summary>Submits a new labour-exploitation report about Cardiff and returns the view Cardiff Council was routed.</summary>
    private static async Task<DisclosureView?> CardiffViewAsync(HubUser force)
    {
        var receipt = (await force.Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-" + Guid.NewGuid().ToString("N")), cancellationToken: Token)).Receipt;
        return receipt.Routing.SingleOrDefault(r => r.Agency.AgencyId == "cardiff-council")?.View;
    }

    internal static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await condition()) return true;
            await Task.Delay(200, Token);
        }

        return false;
    }

    /// <summary>The ISP with partners' sanitised intelligence narrowed to "exists: refer to the originator".</summary>
    private static string NarrowedToExistenceOnly(string isp)
    {
        var rule = isp.IndexOf("  - id: sanitised-intelligence-to-partners", StringComparison.Ordinal);
        var view = isp.IndexOf("    view: sanitised", rule, StringComparison.Ordinal);
        return string.Concat(isp.AsSpan(0, view), "    view: existence-only", isp.AsSpan(view + "    view: sanitised".Length));
    }

    private static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    internal static string CopyOfRepositoryPolicies()
    {
        var source = new DirectoryInfo(AppContext.BaseDirectory);
        while (source is not null && !File.Exists(Path.Combine(source.FullName, "IntelHub.sln"))) source = source.Parent;
        var from = Path.Combine(source?.FullName ?? throw new InvalidOperationException("IntelHub.sln not found above the test binaries."), "policies");
        var to = Directory.CreateTempSubdirectory("intelhub-policies-").FullName;
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return to;
    }
}
