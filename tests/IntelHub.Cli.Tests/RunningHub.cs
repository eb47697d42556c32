using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IntelHub.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace IntelHub.Cli.Tests;

/// <summary>
/// The real hub in this process, on real Kestrel with TLS and client certificates, on a free loopback
/// port, with its own data directory (where it creates the development PKI and token issuer the CLI
/// uses) and the repository's protocols. The CLI talks to it exactly as it talks to a deployed hub.
/// </summary>
public sealed class RunningHub : IAsyncLifetime
{
    private WebApplication? _app;

    private readonly TempDirectory _data = new();

    public string DataDirectory => _data.Path;

    /// <summary>The hub's address, by the name its development certificate is issued to.</summary>
    public string Address { get; private set; } = "";

    /// <summary>The local key the hub signs its checkpoints with.</summary>
    public string SigningKey => Path.Combine(DataDirectory, "keys", "audit-checkpoint-key.pem");

    public async ValueTask InitializeAsync()
    {
        _app = await HubApplication.BuildAsync(
            [$"--Hub:DataDirectory={DataDirectory}", "--Hub:Port=0", $"--Hub:PolicyDirectory={Repository.Policies}"], null, TestContext.Current.CancellationToken);
        await _app.StartAsync(TestContext.Current.CancellationToken);
        var bound = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Address = $"https://localhost:{bound.Port}";
    }

    /// <summary>A command line that acts for <paramref name="agency"/> in <paramref name="role"/> against this hub.</summary>
    public string[] As(string agency, string role, params string[] command) =>
        [.. command, "--hub", Address, "--data", DataDirectory, "--agency", agency, "--role", role];

    /// <summary>Submits a copy of docs/examples/information.json under a new idempotency key; returns what <c>intelhub submit</c> printed.</summary>
    internal async Task<Receipt> SubmitInformationAsync(string agency = "cardiff-council", string? idempotencyKey = null)
    {
        var example = JsonNode.Parse(await File.ReadAllTextAsync(Repository.PathOf("docs", "examples", "information.json"), TestContext.Current.CancellationToken))!;
        example["idempotencyKey"] = idempotencyKey ?? $"{agency}-{Guid.NewGuid():N}";
        var file = Path.Combine(DataDirectory, $"submission-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, example.ToJsonString(), TestContext.Current.CancellationToken);
        return Receipt.Of(await Cli.SucceedsAsync(As(agency, "partner-practitioner", "submit", "information", file)));
    }

    /// <summary>Stops the hub, as an operator would before handing its data to offline tools.</summary>
    public async Task StopAsync()
    {
        if (_app is null) return;
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _app = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _data.Dispose();
    }
}

/// <summary>What <c>intelhub submit</c> printed about the stored item.</summary>
internal sealed partial record Receipt(string ItemId, long Leaf, bool Replayed)
{
    [GeneratedRegex(@"^Stored as (\S+)( \(a repeat of an earlier submission: nothing new stored\))?; audit leaf (\d+)\.$", RegexOptions.Multiline)]
    private static partial Regex StoredAs();

    public static Receipt Of(CliResult submitted)
    {
        var receipt = StoredAs().Match(submitted.Output);
        Assert.True(receipt.Success, submitted.ToString());
        return new(receipt.Groups[1].Value, long.Parse(receipt.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture), receipt.Groups[2].Success);
    }
}
