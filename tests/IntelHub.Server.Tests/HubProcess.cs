using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using IntelHub.Identity;

namespace IntelHub.Server.Tests;

/// <summary>
/// The hub as its own operating-system process (the built IntelHub.Server.dll), so that a test can
/// kill it outright (SIGKILL: no shutdown, no flushing) and start it again on the same data.
/// </summary>
public sealed class HubProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<GrpcChannel> _channels = [];

    private HubProcess(Process process, string dataDirectory, Uri address)
    {
        _process = process;
        DataDirectory = dataDirectory;
        Address = address;
    }

    public string DataDirectory { get; }

    public Uri Address { get; }

    /// <summary>
    /// Starts the hub on a port the operating system picks (Hub:Port=0) and reads the address it prints: picking a
    /// free port here and passing it on would race with every other hub the tests start meanwhile.
    /// </summary>
    public static async Task<HubProcess> StartAsync(string dataDirectory, IEnumerable<string> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "IntelHub.Server.dll"));
        foreach (var setting in (string[])[$"Hub:DataDirectory={dataDirectory}", "Hub:Port=0", .. settings]) start.ArgumentList.Add("--" + setting);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the hub process.");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var said = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Heard(string? line)
        {
            if (line is null) return;
            said.Enqueue(line);
            var text = line.Trim();
            if (text.StartsWith(ListeningOn, StringComparison.Ordinal))
                listening.TrySetResult(new Uri(text[ListeningOn.Length..].Replace("127.0.0.1", "localhost", StringComparison.Ordinal)));
        }
        process.OutputDataReceived += (_, e) => Heard(e.Data);
        process.ErrorDataReceived += (_, e) => Heard(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        if (first != listening.Task)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The hub process did not start listening within 60 seconds. It said:" + Environment.NewLine + string.Join(Environment.NewLine, said.TakeLast(30)));
        }

        var hub = new HubProcess(process, dataDirectory, await listening.Task);
        await hub.WaitUntilServingAsync();
        return hub;
    }

    private const string ListeningOn = "listening on ";

    public HubUser As(string agencyId, UserRole role)
    {
        var pki = DevelopmentPki.LoadOrCreate(Path.Combine(DataDirectory, "pki"), TimeProvider.System);
        var token = DevelopmentTokenIssuer.LoadOrCreate(Path.Combine(DataDirectory, "pki")).Issue(agencyId, "user-1", role, TimeSpan.FromMinutes(10), TimeProvider.System);
        var channel = Channel(pki, agencyId, token);
        return new HubUser(agencyId, role, channel);
    }

    /// <summary>SIGKILL: the process gets no chance to shut down cleanly.</summary>
    public async Task KillAsync()
    {
        foreach (var channel in _channels) channel.Dispose();
        _channels.Clear();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>SIGTERM, as an operator or orchestrator stops the hub: it shuts down cleanly and exits.</summary>
    public async Task TerminateAsync()
    {
        foreach (var channel in _channels) channel.Dispose();
        _channels.Clear();
        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await signal.WaitForExitAsync(TestContext.Current.CancellationToken);
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private GrpcChannel Channel(DevelopmentPki pki, string agencyId, string? token)
    {
        var channel = InProcessHub.Open(Address, pki.ClientCertificateFor(agencyId, TimeProvider.System), pki.Authority, token);
        _channels.Add(channel);
        return channel;
    }

    private async Task WaitUntilServingAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The hub process exited with code {_process.ExitCode} before serving.");
            if (File.Exists(Path.Combine(DataDirectory, "pki", "ca.crt")))
            {
                try
                {
                    var pki = DevelopmentPki.LoadOrCreate(Path.Combine(DataDirectory, "pki"), TimeProvider.System);
                    using var channel = Channel(pki, "wales-riu", token: null);
                    var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                    _channels.Remove(channel);
                    if (health.Status == HealthCheckResponse.Types.ServingStatus.Serving) return;
                }
                catch (Exception failure) when (failure is RpcException or IOException or HttpRequestException or System.Security.Cryptography.CryptographicException)
                {
                    // Not listening yet, or the PKI files are still being written.
                }
            }
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException("The hub process did not start serving within 60 seconds.");
    }
}
