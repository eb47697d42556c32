using System.CommandLine;

namespace IntelHub.Cli.Audit;

/// <summary><c>intelhub audit ...</c>: verify, prove and export the signed audit log.</summary>
internal static class AuditCommand
{
    public static Command Create() => new("audit", "Verify the signed audit log, prove an entry is in it, export it for oversight.");
}
