using IntelHub.Server.DemoData;
using IntelHub.Server.Hosting;
using IntelHub.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace IntelHub.DataSet;

/// <summary>
/// The real hub (<see cref="HubApplication"/>) started in this process on the data directory, so its protocols are
/// published and audited as at any start, and its own store, policy and audit code load the data set. It listens on a
/// free loopback port only while loading.
/// </summary>
internal sealed class LoadingHub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoadingHub(WebApplication app, string description)
    {
        _app = app;
        Description = description;
        Loader = ActivatorUtilities.CreateInstance<DataSetLoader>(app.Services);
    }

    public DataSetLoader Loader { get; }

    public string Description { get; }

    public static async Task<LoadingHub> OpenAsync(string dataDirectory, string? postgres, CancellationToken cancellationToken)
    {
        string[] store = postgres is null ? [] : ["--Storage:Engine=Postgres", $"--Storage:PostgresConnectionString={postgres}"];
        string[] args =
        [
            $"--Hub:DataDirectory={dataDirectory}", "--Hub:Port=0", "--Hub:DemoData=false",
            "--Logging:LogLevel:Default=Warning", .. store,
        ];
        var app = await HubApplication.BuildAsync(args, cancellationToken: cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken);
            return new LoadingHub(app, postgres is null ? $"the hub's SQLite store in {dataDirectory}" : $"the hub's PostgreSQL store (data directory {dataDirectory})");
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async Task<bool> HoldsItemsAsync(CancellationToken cancellationToken) =>
        (await _app.Services.GetRequiredService<IHubStore>().FindItemsAsync(new ItemQuery { IncludeDisposed = true, Limit = 1 }, cancellationToken)).Count > 0;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
