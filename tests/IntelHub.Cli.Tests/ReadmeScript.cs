using System.Text;
using System.Text.RegularExpressions;

namespace IntelHub.Cli.Tests;

/// <summary>
/// The shell commands README.md gives a new user, read from its <c>sh</c> code blocks exactly as written:
/// comments dropped, lines continued with a backslash joined, nothing else changed.
/// </summary>
internal sealed partial class ReadmeScript
{
    private ReadmeScript(IReadOnlyList<IReadOnlyList<string>> blocks) => Blocks = blocks;

    /// <summary>Every <c>sh</c> block in the order README gives them, each as its command lines.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Blocks { get; }

    public static ReadmeScript Read(string markdown)
    {
        var blocks = new List<IReadOnlyList<string>>();
        foreach (Match block in ShBlock().Matches(markdown))
        {
            var commands = new List<string>();
            var pending = new StringBuilder();
            foreach (var raw in block.Groups["body"].Value.Split('\n'))
            {
                var line = raw.TrimEnd('\r');
                if (pending.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)) continue;
                if (line.EndsWith('\\'))
                {
                    pending.Append(line[..^1]);
                    continue;
                }
                pending.Append(line);
                commands.Add(Regex.Replace(pending.ToString().Trim(), @"\s{2,}", " "));
                pending.Clear();
            }
            blocks.Add(commands);
        }
        return new ReadmeScript(blocks);
    }

    /// <summary>The one command of the block that starts with <paramref name="prefix"/>.</summary>
    public string Command(string prefix) =>
        Blocks.SelectMany(b => b).SingleOrDefault(c => c.StartsWith(prefix, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"README.md has no command starting '{prefix}'.");

    /// <summary>The block whose first command starts with <paramref name="prefix"/>.</summary>
    public IReadOnlyList<string> BlockStartingWith(string prefix) =>
        Blocks.SingleOrDefault(b => b.Count > 0 && b[0].StartsWith(prefix, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"README.md has no sh block starting '{prefix}'.");

    [GeneratedRegex(@"^```sh\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ShBlock();
}
