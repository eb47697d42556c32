using IntelHub.LoadGenerator.Settings;
using IntelHub.Server.Hosting;
using IntelHub.Server.Sharing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IntelHub.LoadGenerator.Target;

/// <summary>The hub under load: where it listens, where its development PKI is, and what it is.</summary>
internal abstract class HubTarget : IAsyncDisposable
{
    public abstract Uri Address { get; }

    /// <summary>The hub's data directory; its development CA and token issuer are under <c>pki/</c>.</summary>
    public abstract string DataDirectory { get; }

    /// <summary>What the hub is, for the report; never a password.</summary>
    public abstract string Description { get; }

    /// <summary>The hub's own warnings and errors, when the hub runs in this process.</summary>
    public virtual HubLogWatch? Log => null;

    public string PkiDirectory => Path.Combine(DataDirectory, "pki");

    public static async Task<HubTarget> OpenAsync(HubTargetSettings settings, CancellationToken cancellationToken) => settings switch
    {
        HubTargetSettings.InProcess inProcess => await HubInThisProcess.StartAsync(inProcess.PostgresConnectionString, inProcess.DataDirectory, cancellationToken),
        HubTargetSettings.Running running => new RunningHub(running.Address, running.DataDirectory),
        _ => throw new ArgumentOutOfRangeException(nameof(settings), settings, "Not a kind of hub target."),
    };

    /// <summary>
    /// Waits until the hub's searches read its entitlement index, so that no search is measured on the unindexed path.
    /// A hub's first start after a bulk load decides every item again first (minutes at 1,000,000 items).
    /// </summary>
    public virtual Task WaitForSearchIndexAsync(TextWriter progress, CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract ValueTask DisposeAsync();
}

/// <summary>An embedded hub someone else started on this machine; it is left running.</summary>
internal sealed class RunningHub(Uri address, string dataDirectory) : HubTarget
{
    public override Uri Address { get; } = address;

    public override string DataDirectory { get; } = dataDirectory;

    public override string Description => $"a running hub at {Address} (its store as configured; its log is its own)";

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// The real hub (<see cref="HubApplication"/>) on real Kestrel with TLS and client certificates, on
/// a free loopback port, with a temporary data directory deleted afterwards, or on an existing data
/// set's directory, opened as it is (no demo data) and kept. The hub logs at Warning and above, into
/// <see cref="Log"/> rather than the console.
/// </summary>
internal sealed class HubInThisProcess : HubTarget
{
    private readonly WebApplication _app;
    private readonly HubLogWatch _log;
    private readonly bool _temporary;

    private HubInThisProcess(WebApplication app, HubLogWatch log, bool temporary, Uri address, string dataDirectory, string description)
    {
        _app = app;
        _log = log;
        _temporary = temporary;
        Address = address;
        DataDirectory = dataDirectory;
        Description = description;
    }

    public override Uri Address { get; }

    public override string DataDirectory { get; }

    public override string Description { get; }

    public override HubLogWatch? Log => _log;

    public static async Task<HubInThisProcess> StartAsync(string? postgresConnectionString, string? dataSetDirectory, CancellationToken cancellationToken)
    {
        var temporary = dataSetDirectory is null;
        var data = dataSetDirectory is null ? Directory.CreateTempSubdirectory("intelhub-load-").FullName : Path.GetFullPath(dataSetDirectory);
        string[] store = postgresConnectionString is null
            ? []
            : ["--Storage:Engine=Postgres", $"--Storage:PostgresConnectionString={postgresConnectionString}"];
        string[] args =
        [
            $"--Hub:DataDirectory={data}", "--Hub:Port=0",
            "--Logging:LogLevel:Default=Warning", "--Logging:Console:LogLevel:Default=None", "--Hub:DemoData=false",
            .. store,
        ];
        var log = new HubLogWatch();
        WebApplication? app = null;
        try
        {
            app = await HubApplication.BuildAsync(args, services => services.AddSingleton<ILoggerProvider>(log), cancellationToken);
            await app.StartAsync(cancellationToken);
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            // The development server certificate names localhost.
            var address = new Uri(bound.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
            return new HubInThisProcess(app, log, temporary, address, data, Describe(postgresConnectionString, temporary ? null : data, address));
        }
        catch
        {
            if (app is not null) await app.DisposeAsync();
            if (temporary) Directory.Delete(data, recursive: true);
            throw;
        }
    }

    private static string Describe(string? postgresConnectionString, string? dataSet, Uri address)
    {
        var where = dataSet is null ? "a temporary data directory" : $"the data set in {dataSet}";
        if (postgresConnectionString is null) return $"the hub in this process at {address}, SQLite in {where}";
        var postgres = new NpgsqlConnectionStringBuilder(postgresConnectionString);
        return $"the hub in this process at {address}, PostgreSQL database '{postgres.Database}' at {postgres.Host}:{postgres.Port}, keys in {where}";
    }

    /// <remarks>A running hub's index is its own; only a hub in this process can be asked (and nothing tells a client).</remarks>
    public override async Task WaitForSearchIndexAsync(TextWriter progress, CancellationToken cancellationToken)
    {
        var index = _app.Services.GetRequiredService<EntitlementIndex>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var told = TimeSpan.Zero;
        while (!index.IsCurrent())
        {
            if (waited.Elapsed - told >= ProgressEvery)
            {
                told = waited.Elapsed;
                await progress.WriteLineAsync($"The hub is deciding every stored item for its entitlement index (as after a bulk load); searches wait for it ({told.TotalSeconds:F0} s so far) ...");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(30);

    public override async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        if (_temporary) Directory.Delete(DataDirectory, recursive: true);
    }
}
