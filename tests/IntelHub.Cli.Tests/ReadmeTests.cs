using System.Diagnostics;
using System.Text.RegularExpressions;

namespace IntelHub.Cli.Tests;

/// <summary>
/// README.md as a new user follows it: a fresh copy of the repository (no data, no build output), the hub
/// started with README's command, and every command of its "Querying it with intelhub" block run by bash
/// exactly as written, with the alias it defines, then its problem-profile block. Only the placeholders README asks
/// the user to fill (ITEM_ID, LEAF_INDEX, PROFILE_ID) are filled, from what the earlier commands printed.
/// </summary>
public sealed partial class ReadmeTests
{
    private static readonly TimeSpan Startup = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan PerCommand = TimeSpan.FromMinutes(5);

    [GeneratedRegex(@"^(?<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})  ", RegexOptions.Multiline)]
    private static partial Regex ListedItem();

    [GeneratedRegex(@"audit leaf (?<leaf>\d+)")]
    private static partial Regex AuditLeaf();

    [GeneratedRegex(@"Compiled problem profile (?<id>\S+) from (?<items>\d+) item")]
    private static partial Regex CompiledProfile();

    [GeneratedRegex(@"^#\d+ ", RegexOptions.Multiline)]
    private static partial Regex Delivery();

    [Fact]
    public async Task The_READMEs_commands_work_as_written_on_a_fresh_clone()
    {
        var readme = ReadmeScript.Read(await File.ReadAllTextAsync(Repository.PathOf("README.md"), TestContext.Current.CancellationToken));
        var startHub = readme.Command("dotnet run --project src/IntelHub.Server");
        var querying = readme.BlockStartingWith("alias intelhub=");
        var prelude = "shopt -s expand_aliases\n" + querying[0] + "\n";
        using var clone = new TempDirectory();
        await CopyRepositoryAsync(clone.Path);

        // Given the hub started as README says, on a fresh clone
        await using var hub = ShellSession.Start(clone.Path, startHub);
        await hub.WaitForAsync("Press Ctrl+C to stop.", Startup);
        Assert.Contains("intelhub", hub.Output, StringComparison.OrdinalIgnoreCase);

        // When each README command runs in turn, then each does what its comment says
        var said = new List<string>();
        string? leaf = null;
        foreach (var command in querying.Skip(1))
        {
            if (command.Contains("--follow", StringComparison.Ordinal))
            {
                await using var following = ShellSession.Start(clone.Path, prelude + command);
                await WaitForDeliveryAsync(following, command);
                continue;
            }
            if (command.Contains("ITEM_ID", StringComparison.Ordinal))
            {
                var opened = await FirstItemOpenedAsync(clone.Path, prelude, command, said);
                leaf = AuditLeaf().Match(opened.Output) is { Success: true } m ? m.Groups["leaf"].Value
                    : throw new InvalidOperationException($"'{command}' printed no audit leaf:\n{opened}");
                said.Add(opened.Output);
                continue;
            }
            var filled = command.Contains("LEAF_INDEX", StringComparison.Ordinal)
                ? command.Replace("LEAF_INDEX", leaf ?? throw new InvalidOperationException("README asks for LEAF_INDEX before any command printed one."), StringComparison.Ordinal)
                : command;
            var run = await ShellSession.RunAsync(clone.Path, prelude + filled, PerCommand);
            Assert.True(run.ExitCode == 0, $"'{filled}' failed (exit {run.ExitCode}):\n{run}\nThe hub said:\n{hub}");
            Assert.DoesNotContain("Nothing", run.Output, StringComparison.Ordinal);
            said.Add(run.Output);
        }

        // And the offline verification README ends with found the hub's log intact
        Assert.Contains(said, s => s.Contains("verified", StringComparison.OrdinalIgnoreCase));

        // And the problem-profile block compiles a profile over the demo's items and renders both releases to files
        string? profile = null;
        foreach (var command in readme.BlockStartingWith("intelhub profile compile"))
        {
            var filled = command.Contains("PROFILE_ID", StringComparison.Ordinal)
                ? command.Replace("PROFILE_ID", profile ?? throw new InvalidOperationException("README asks for PROFILE_ID before any command printed one."), StringComparison.Ordinal)
                : command;
            var run = await ShellSession.RunAsync(clone.Path, prelude + filled, PerCommand);
            Assert.True(run.ExitCode == 0, $"'{filled}' failed (exit {run.ExitCode}):\n{run}\nThe hub said:\n{hub}");
            if (CompiledProfile().Match(run.Output) is { Success: true } compiled)
            {
                Assert.True(int.Parse(compiled.Groups["items"].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, $"'{filled}' compiled no item:\n{run}");
                profile = compiled.Groups["id"].Value;
            }
        }
        Assert.Contains("<svg", await File.ReadAllTextAsync(Path.Combine(clone.Path, "profile.html"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Contains("PARTNER RELEASE", await File.ReadAllTextAsync(Path.Combine(clone.Path, "profile.md"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    /// <summary>README's "one item" command with ITEM_ID taken, in order, from the items earlier commands listed: the first the agency may open.</summary>
    private static async Task<ShellSession> FirstItemOpenedAsync(string directory, string prelude, string command, List<string> said)
    {
        var candidates = said.SelectMany(s => ListedItem().Matches(s).Select(m => m.Groups["id"].Value)).Distinct().Take(20).ToList();
        Assert.NotEmpty(candidates);
        var refusals = new List<string>();
        foreach (var id in candidates)
        {
            var run = await ShellSession.RunAsync(directory, prelude + command.Replace("ITEM_ID", id, StringComparison.Ordinal), PerCommand);
            if (run.ExitCode == 0) return run;
            refusals.Add(run.Error);
        }
        throw new InvalidOperationException($"'{command}' opened none of the {candidates.Count} items earlier commands listed:\n{string.Join('\n', refusals)}");
    }

    private static async Task WaitForDeliveryAsync(ShellSession following, string command)
    {
        var deadline = DateTime.UtcNow + PerCommand;
        while (!Delivery().IsMatch(following.Output))
        {
            Assert.True(following.ExitCode is null, $"'{command}' ended (exit {following.ExitCode}) without a delivery:\n{following}");
            Assert.True(DateTime.UtcNow < deadline, $"'{command}' showed no delivery within {PerCommand}:\n{following}");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The repository's files as a clone holds them (tracked and new, not ignored): no data directory, no build output.</summary>
    private static async Task CopyRepositoryAsync(string destination)
    {
        var list = new ProcessStartInfo("git") { WorkingDirectory = Repository.Root, RedirectStandardOutput = true };
        foreach (var arg in (string[])["ls-files", "-z", "--cached", "--others", "--exclude-standard"]) list.ArgumentList.Add(arg);
        using var git = Process.Start(list) ?? throw new InvalidOperationException("git is needed to list the repository's files.");
        var files = (await git.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken)).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        await git.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(git.ExitCode == 0 && files.Length > 0, "git ls-files listed nothing: run the tests from a git checkout of the repository.");
        foreach (var file in files)
        {
            var source = Path.Combine(Repository.Root, file);
            if (!File.Exists(source)) continue; // deleted in the work tree, not yet committed
            var target = Path.Combine(destination, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }
    }
}
