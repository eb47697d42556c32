using System.CommandLine;
using IntelHub.Policy.Diagnostics;
using IntelHub.Policy.Publishing;
using IntelHub.Policy.Tooling;

namespace IntelHub.Cli.Policy;

/// <summary><c>intelhub policy ...</c>: the protocol owner's offline tools. The logic lives in IntelHub.Policy.Tooling.</summary>
internal static class PolicyCommand
{
    public static Command Create()
    {
        var command = new Command("policy", "Check, test, explain and compare sharing protocols in policies/.");
        command.Subcommands.Add(Lint());
        command.Subcommands.Add(Test());
        command.Subcommands.Add(Decide());
        command.Subcommands.Add(Diff());
        return command;
    }

    private static Option<DirectoryInfo?> PoliciesOption() => new("--policies")
    {
        Description = "The policies/ directory (default: found from the current directory upwards).",
    };

    private static Option<DateOnly?> AsOfOption() => new("--as-of")
    {
        Description = "The day to judge review dates against, YYYY-MM-DD (default: today, UTC).",
    };

    private static Command Lint()
    {
        var policies = PoliciesOption();
        var asOf = AsOfOption();
        var lint = new Command("lint", "Validate agencies.yaml, the protocols and the policy tests; exit 1 on any error.") { policies, asOf };
        lint.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (Directory(parse, parse.GetValue(policies)) is not { } dir)
            {
                return 2;
            }

            var report = PolicyLint.Run(dir, parse.GetValue(asOf) ?? Today);
            foreach (var diagnostic in report.Diagnostics)
            {
                output.WriteLine(diagnostic);
            }

            output.WriteLine($"{report.ErrorCount} error(s), {report.WarningCount} warning(s) in {dir}");
            return report.ErrorCount > 0 ? 1 : 0;
        });
        return lint;
    }

    private static Command Test()
    {
        var policies = PoliciesOption();
        var test = new Command("test", "Run the policy tests in policies/tests/ and report rules no test exercises; exit 1 on failure.") { policies };
        test.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (Directory(parse, parse.GetValue(policies)) is not { } dir || Load(parse, dir) is not { } snapshot)
            {
                return 2;
            }

            var report = PolicyTests.Run(snapshot, dir);
            foreach (var diagnostic in report.Diagnostics)
            {
                output.WriteLine(diagnostic);
            }

            foreach (var result in report.Results)
            {
                output.WriteLine($"{(result.Passed ? "pass" : "FAIL")}  {result.Test.Name}{(result.Passed ? string.Empty : $"  ({result.Test.File}:{result.Test.At.Line}) {result.Message}")}");
            }

            foreach (var rule in report.UncoveredRules)
            {
                output.WriteLine($"not covered: {rule} ({rule.At})");
            }

            output.WriteLine($"{report.Results.Count(r => r.Passed)} passed, {report.Results.Count(r => !r.Passed)} failed, {report.UncoveredRules.Count} rule(s) not covered.");
            return report.Passed && report.UncoveredRules.Count == 0 ? 0 : 1;
        });
        return test;
    }

    private static Command Decide()
    {
        var policies = PoliciesOption();
        var requestFile = new Option<FileInfo?>("--request") { Description = "A decision request as JSON (see policies/README.md)." };
        var lines = new Option<bool>("--lines")
        {
            Description = "Decide many requests: one request a line on standard input (a request file's JSON on one line), one JSON decision a line out.",
        };
        var decide = new Command("decide", "Decide a request (--request FILE) or many (--lines, from standard input) and print each decision and its explanation as JSON.")
        {
            policies, requestFile, lines,
        };
        decide.SetAction(async (parse, cancellationToken) =>
        {
            var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            var many = parse.GetValue(lines);
            if (many == (parse.GetValue(requestFile) is not null))
            {
                await error.WriteLineAsync("Give either --request FILE (one request) or --lines (requests on standard input, one a line).");
                return 2;
            }

            if (Directory(parse, parse.GetValue(policies)) is not { } dir || Load(parse, dir) is not { } snapshot)
            {
                return 2;
            }

            if (many)
            {
                return await DecisionLines.RunAsync(snapshot, StandardInput.Current, output, cancellationToken);
            }

            var file = parse.GetValue(requestFile)!;
            var diagnostics = new DiagnosticBag();
            var request = file.Exists ? RequestDocument.Parse(file.Name, File.ReadAllText(file.FullName), diagnostics) : null;
            if (!file.Exists)
            {
                error.WriteLine($"{file.FullName}: no such file. Give the path of a JSON request with --request.");
                return 2;
            }

            if (request is null || diagnostics.HasErrors)
            {
                foreach (var diagnostic in diagnostics.Sorted())
                {
                    error.WriteLine(diagnostic);
                }

                return 2;
            }

            await output.WriteLineAsync(DecisionJson.Write(snapshot.Explain(request.Question), request.UnknownNames(snapshot)));
            return 0;
        });
        return decide;
    }

    private static Command Diff()
    {
        var policies = PoliciesOption();
        var old = new Argument<string>("OLD") { Description = "The old version: a protocol file, or a policies/ directory." };
        var @new = new Argument<string>("NEW") { Description = "The new version: a protocol file, or a policies/ directory." };
        var at = new Option<DateOnly?>("--at") { Description = "The day the decisions are for, YYYY-MM-DD (default: today, UTC)." };
        var limit = new Option<int>("--limit") { Description = "Print at most this many lines of changes.", DefaultValueFactory = _ => 200 };
        var detail = new Option<bool>("--detail") { Description = "Print every changed decision with its item shape, not the summary per requester and action." };
        var diff = new Command("diff", "List the decisions that change between two versions of a protocol (or of the whole set).") { old, @new, policies, at, limit, detail };
        diff.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var oldPath = parse.GetValue(old)!;
            var newPath = parse.GetValue(@new)!;
            var bothDirectories = System.IO.Directory.Exists(oldPath) && System.IO.Directory.Exists(newPath);
            var dir = bothDirectories ? null : Directory(parse, parse.GetValue(policies));
            if (!bothDirectories && dir is null)
            {
                return 2;
            }

            var day = parse.GetValue(at) ?? Today;
            var result = bothDirectories ? PolicyDiff.CompareDirectories(oldPath, newPath, day) : PolicyDiff.CompareProtocolFiles(dir!, oldPath, newPath, day);
            foreach (var diagnostic in result.Diagnostics)
            {
                output.WriteLine(diagnostic);
            }

            if (!result.Succeeded)
            {
                return 2;
            }

            var details = parse.GetValue(detail);
            foreach (var line in details ? result.Changes.Take(parse.GetValue(limit)).Select(c => c.ToString()) : result.Summary().Take(parse.GetValue(limit)).Select(g => g.ToString()))
            {
                output.WriteLine(line);
            }

            output.WriteLine($"{result.Changes.Count} decision(s) change out of {result.DecisionsCompared} compared on {day:yyyy-MM-dd}.");
            return 0;
        });
        return diff;
    }

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static string? Directory(ParseResult parse, DirectoryInfo? given)
    {
        if (given is not null)
        {
            return given.FullName;
        }

        var found = PolicyLoader.FindPolicyDirectory(Environment.CurrentDirectory);
        if (found is null)
        {
            parse.InvocationConfiguration.Error.WriteLine("No policies/ directory with agencies.yaml was found here or above; pass --policies DIR.");
        }

        return found;
    }

    private static IntelHub.Policy.Compilation.PolicySnapshot? Load(ParseResult parse, string dir)
    {
        var load = PolicyLoader.Load(dir, Today);
        if (load.Snapshot is null)
        {
            var error = parse.InvocationConfiguration.Error;
            foreach (var diagnostic in load.Errors)
            {
                error.WriteLine(diagnostic);
            }

            error.WriteLine("The policy set has errors; run 'intelhub policy lint' and fix them first.");
        }

        return load.Snapshot;
    }
}
