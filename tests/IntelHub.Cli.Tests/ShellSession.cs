using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace IntelHub.Cli.Tests;

/// <summary>
/// A command line run by bash in a working directory, as a user types it in a terminal: the same
/// environment minus the test host's build and test-platform variables (which would steer a nested
/// <c>dotnet run</c>), in its own session, with its output collected as it arrives.
/// </summary>
internal sealed class ShellSession : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private ShellSession(Process process) => _process = process;

    public string Output { get { lock (_output) return _output.ToString(); } }

    public string Error { get { lock (_error) return _error.ToString(); } }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public static ShellSession Start(string workingDirectory, string script)
    {
        // In a session of its own (setsid): nothing the command or the builds it starts signal to their process
        // group can reach the test process; -w keeps setsid waiting for bash, so its exit code is bash's.
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add("-w");
        start.ArgumentList.Add("bash");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase) || name is "DOTNET_ENVIRONMENT" or "ASPNETCORE_ENVIRONMENT")
                start.Environment.Remove(name);
        }
        // No build node outlives the command it served.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash (through setsid, from util-linux).");
        var session = new ShellSession(process);
        process.OutputDataReceived += (_, e) => session.Heard(e.Data, session._output);
        process.ErrorDataReceived += (_, e) => session.Heard(e.Data, session._error);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return session;
    }

    /// <summary>Runs the script to its end (or fails the test at the timeout) and returns what it said.</summary>
    public static async Task<ShellSession> RunAsync(string workingDirectory, string script, TimeSpan timeout)
    {
        var session = Start(workingDirectory, script);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await session._process.WaitForExitAsync(deadline.Token);
            session._process.WaitForExit(); // drains the redirected output
        }
        catch (OperationCanceledException)
        {
            await session.DisposeAsync();
            throw new TimeoutException($"'{script}' did not finish within {timeout}. It said:\n{session}");
        }
        return session;
    }

    /// <summary>Waits until a line of output contains <paramref name="text"/>; fails if the process ends first or time runs out.</summary>
    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.Any(l => l.Contains(text, StringComparison.Ordinal))) return;
            if (_process.HasExited) throw new InvalidOperationException($"The command ended (exit {_process.ExitCode}) before saying '{text}'. It said:\n{this}");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException($"The command did not say '{text}' within {timeout}. It said:\n{this}");
    }

    private void Heard(string? line, StringBuilder into)
    {
        if (line is null) return;
        _lines.Enqueue(line);
        lock (into) into.AppendLine(line);
    }

    public override string ToString() => $"--- output ---\n{Output}\n--- error ---\n{Error}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        _process.Dispose();
    }
}
