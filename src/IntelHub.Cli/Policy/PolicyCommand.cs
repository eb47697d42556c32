using System.CommandLine;

namespace IntelHub.Cli.Policy;

/// <summary><c>intelhub policy ...</c>: the protocol owner's offline tools.</summary>
internal static class PolicyCommand
{
    public static Command Create() => new("policy", "Check, test, explain and compare sharing protocols in policies/.");
}
