namespace IntelHub.Cli.Tests;

/// <summary>What one <c>intelhub</c> command line did: its exit code and what it wrote to each writer.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- output ---\n{Output}\n--- error ---\n{Error}";
}

/// <summary>Runs <c>intelhub</c> in-process, exactly as the executable would parse and invoke it.</summary>
internal static class Cli
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, output, error, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs the command and requires it to succeed; the failure message shows everything it wrote.</summary>
    public static async Task<CliResult> SucceedsAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"intelhub {string.Join(' ', args)}\n{result}");
        return result;
    }
}
