using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;

namespace IntelHub.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster for one test run: initdb into a temporary directory, a free
/// loopback port, stopped and deleted on dispose. Use it as an assembly fixture
/// (<c>[assembly: AssemblyFixture(typeof(PostgresCluster))]</c>). When the PostgreSQL binaries are
/// missing it fails with the command that installs them; it never skips.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    // initdb refuses to run as root, so as root the cluster belongs to this unprivileged user.
    private const string ClusterOwner = "postgres";

    private readonly PostgresBinaries _binaries = PostgresBinaries.Locate();
    private string? _dataDirectory;
    private int _databaseCounter;

    public int Port { get; private set; }

    /// <summary>Connection string for the cluster's default <c>postgres</c> database.</summary>
    public string AdminConnectionString => Build("postgres");

    public async ValueTask InitializeAsync()
    {
        _dataDirectory = await RunAsync(["mktemp", "-d", "-t", "intelhub-pg-XXXXXX"]).ConfigureAwait(false);
        _dataDirectory = _dataDirectory.Trim();
        await RunAsync([_binaries.InitDb, "-D", _dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--no-locale", "--no-sync"]).ConfigureAwait(false);

        // Another process may take a free port between probing and binding: try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreeLoopbackPort();
            var options = $"-p {Port} -c listen_addresses=127.0.0.1 -k {_dataDirectory} -c fsync=off " +
                          "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
            try
            {
                await RunAsync([_binaries.PgCtl, "-D", _dataDirectory, "-o", options, "-l",
                    Path.Combine(_dataDirectory, "server.log"), "-w", "-t", "60", "start"]).ConfigureAwait(false);
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>Creates an empty database of its own for one test class or test, and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databaseCounter)}_{Guid.NewGuid():N}";
        // PostgreSQL identifiers are at most 63 bytes.
        name = name[..Math.Min(63, name.Length)];
        var connection = new NpgsqlConnection(AdminConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
        return Build(name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataDirectory is null) return;
        try
        {
            await RunAsync([_binaries.PgCtl, "-D", _dataDirectory, "-m", "immediate", "-w", "stop"]).ConfigureAwait(false);
        }
        finally
        {
            await RunAsync(["rm", "-rf", _dataDirectory]).ConfigureAwait(false);
        }
    }

    private string Build(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Pooling = true,
        Timeout = 30,
    }.ConnectionString;

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a command as the cluster's owner (dropping root where needed); returns its output.</summary>
    private static async Task<string> RunAsync(IReadOnlyList<string> command)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Environment.IsPrivilegedProcess)
        {
            start.FileName = "runuser";
            foreach (var part in new[] { "-u", ClusterOwner, "--" }) start.ArgumentList.Add(part);
        }
        else
        {
            start.FileName = command[0];
        }
        foreach (var part in Environment.IsPrivilegedProcess ? command : command.Skip(1)) start.ArgumentList.Add(part);
        start.WorkingDirectory = Path.GetTempPath();

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start '{string.Join(' ', command)}'.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{string.Join(' ', command)}' exited with {process.ExitCode}: {await error.ConfigureAwait(false)}");
        }
        return await output.ConfigureAwait(false);
    }
}
