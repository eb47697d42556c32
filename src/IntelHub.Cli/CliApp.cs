using System.CommandLine;
using IntelHub.Cli.Audit;
using IntelHub.Cli.Client;
using IntelHub.Cli.Policy;

namespace IntelHub.Cli;

/// <summary>
/// The <c>intelhub</c> command tree, and a way to run it with its output and errors going to given
/// writers instead of the console, so the commands can be run in-process.
/// </summary>
internal static class CliApp
{
    // One tree per process: the global and shared options are static instances, so building the
    // tree again would give each of them another parent.
    private static readonly Lazy<RootCommand> Tree = new(Create);

    public static RootCommand Root => Tree.Value;

    /// <summary>Runs one command line as <c>intelhub</c> would, writing to <paramref name="output"/> and <paramref name="error"/>; returns its exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        return Root.Parse(args).InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>As <see cref="RunAsync(string[], TextWriter, TextWriter, CancellationToken)"/>, reading standard input from <paramref name="input"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        using (StandardInput.Use(input)) return await RunAsync(args, output, error, cancellationToken);
    }

    private static RootCommand Create()
    {
        var root = new RootCommand("intelhub: the IntelHub client and its offline tools.")
        {
            ReportCommands.Submit(),
            ReportCommands.Search(),
            ReportCommands.Get(),
            InboxCommand.Create(),
            Profiles.ProfileCommand.Create(),
            PolicyCommand.Create(),
            AuditCommand.Create(),
            new Command("protocol", "Work with the hub's sharing protocols.") { Protocols.ProtocolImpactCommand.Create() },
        };
        foreach (var option in HubConnection.All) root.Options.Add(option);
        return root;
    }
}
