using System.CommandLine;
using IntelHub.Cli.Audit;
using IntelHub.Cli.Client;
using IntelHub.Cli.Policy;

namespace IntelHub.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("intelhub: the IntelHub client and its offline tools.")
        {
            ReportCommands.Submit(),
            ReportCommands.Search(),
            ReportCommands.Get(),
            InboxCommand.Create(),
            PolicyCommand.Create(),
            AuditCommand.Create(),
        };
        foreach (var option in HubConnection.All) root.Options.Add(option);
        return root.Parse(args).Invoke();
    }
}
