using System.Security.Cryptography;
using System.Text;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>
/// The policies directory is the seed: at first start the hub records its protocols as published and decides by them;
/// from then on the store holds the versions, and later edits of the directory's protocol files change nothing but a
/// logged warning that says how to change a protocol (intelhub protocol propose).
/// </summary>
public sealed class PolicyReloadTests : IDisposable
{
    private const string Isp = "wales-anti-trafficking-isp";
    private readonly string _policies = CopyOfRepositoryPolicies();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string IspFile => Path.Combine(_policies, "protocols", Isp + ".yaml");

    public void Dispose() => Directory.Delete(_policies, recursive: true);

    [Fact]
    public async Task The_first_start_seeds_the_store_from_the_directory_and_later_edits_of_protocol_files_are_ignored_with_a_warning()
    {
        // Given a hub started for the first time on a copy of the Wales protocols, looking for changes every 100 ms
        var log = new CapturedLog();
        var setup = HubSetup.Sqlite($"Hub:PolicyDirectory={_policies}", "Hub:PolicyReloadInterval=00:00:00.100") with { Services = s => s.AddSingleton<ILoggerProvider>(log) };
        var hub = await InProcessHub.StartAsync(setup);
        var force = hub.As("south-wales-police", UserRole.Submitter);
        var original = await File.ReadAllTextAsync(IspFile, Token);

        // Then every protocol of the directory is recorded as published with its text, and decides
        var recorded = await hub.Store.ListProtocolVersionsAsync(Token);
        Assert.Equal(4, recorded.Count);
        var isp = Assert.Single(recorded, v => v.ProtocolId == Isp);
        Assert.Equal(("2.2", "published", Digest(original)), (isp.Version, isp.Status, isp.DocumentDigest));
        Assert.Equal(DisclosureView.Sanitised, await CardiffViewAsync(force));

        // When the ISP file is changed to a new version while the hub runs
        var newVersion = NarrowedToExistenceOnly(original).Replace("version: \"2.2\"", "version: \"2.3\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(IspFile, newVersion, Token);

        // Then the hub warns that the file is ignored and how to change a protocol, and nothing changes
        Assert.True(await EventuallyAsync(() => Task.FromResult(log.Lines.Any(l => l.Contains("intelhub protocol propose", StringComparison.Ordinal)))),
            "no warning about the edited protocol file within 10 s");
        Assert.Equal(DisclosureView.Sanitised, await CardiffViewAsync(force));
        Assert.Equal(4, (await hub.Store.ListProtocolVersionsAsync(Token)).Count);

        // And a restart on the same store decides by the store's version, not the edited file
        hub = await hub.RestartAsync();
        await using var restarted = hub;
        Assert.Equal(DisclosureView.Sanitised, await CardiffViewAsync(restarted.As("south-wales-police", UserRole.Submitter)));
        Assert.Equal(["2.2"], (await restarted.Store.ListProtocolVersionsAsync(Token)).Where(v => v.ProtocolId == Isp).Select(v => v.Version));
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
