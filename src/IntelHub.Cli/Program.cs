using System.CommandLine;
using IntelHub.Cli.Audit;
using IntelHub.Cli.Policy;

namespace IntelHub.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("intelhub: the IntelHub client and its offline tools.")
        {
            PolicyCommand.Create(),
            AuditCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
