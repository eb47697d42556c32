using System.CommandLine;

namespace IntelHub.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("intelhub: the IntelHub client and its offline tools (policy, audit).");
        return root.Parse(args).Invoke();
    }
}
