namespace IntelHub.Cli;

/// <summary>
/// Where a command reads standard input from: the console's, unless <see cref="CliApp.RunAsync(string[], TextReader, TextWriter, TextWriter, CancellationToken)"/>
/// gave another for this run (System.CommandLine's invocation carries writers, not a reader).
/// </summary>
internal static class StandardInput
{
    private static readonly AsyncLocal<TextReader?> Given = new();

    public static TextReader Current => Given.Value ?? Console.In;

    public static IDisposable Use(TextReader input)
    {
        Given.Value = input;
        return new Restore();
    }

    private sealed class Restore : IDisposable
    {
        public void Dispose() => Given.Value = null;
    }
}
