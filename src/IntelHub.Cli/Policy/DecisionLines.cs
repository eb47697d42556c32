using IntelHub.Policy.Compilation;
using IntelHub.Policy.Diagnostics;
using IntelHub.Policy.Tooling;

namespace IntelHub.Cli.Policy;

/// <summary>
/// <c>intelhub policy decide --lines</c>: decides one request per input line (the JSON of a request file, on one line)
/// against a policy set compiled once, and writes one JSON decision per line, each led by its input line's number. A
/// line that cannot be decided gets its errors on its own output line, and the rest go on; blank lines are skipped.
/// </summary>
internal static class DecisionLines
{
    /// <summary>Returns 0 when every line was decided, 1 when any line had errors.</summary>
    public static async Task<int> RunAsync(PolicySnapshot snapshot, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        var number = 0;
        var failed = 0;
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var diagnostics = new DiagnosticBag();
            var request = RequestDocument.Parse("standard input", line, diagnostics);
            if (request is null || diagnostics.HasErrors)
            {
                failed++;
                var problems = diagnostics.Sorted().Where(d => d.Severity == Severity.Error).Select(d => $"column {d.Column}: {d.Code}: {d.Message} Fix: {d.Fix}").DefaultIfEmpty(
                    "Not a decision request: write one request per line, as the JSON of a --request file on one line.");
                await output.WriteLineAsync(DecisionJson.WriteLineError(number, problems));
                continue;
            }
            await output.WriteLineAsync(DecisionJson.WriteLine(number, snapshot.Explain(request.Question), request.UnknownNames(snapshot)));
        }
        return failed == 0 ? 0 : 1;
    }
}
