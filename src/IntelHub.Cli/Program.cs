namespace IntelHub.Cli;

internal static class Program
{
    private static int Main(string[] args) => CliApp.Root.Parse(args).Invoke();
}
