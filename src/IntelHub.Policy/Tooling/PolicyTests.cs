using IntelHub.Policy.Compilation;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Diagnostics;
using IntelHub.Policy.Documents;
using IntelHub.Policy.Publishing;

namespace IntelHub.Policy.Tooling;

/// <summary>One policy test from policies/tests/: a request and what the protocol owner expects.</summary>
public sealed record PolicyTestCase(
    string File,
    SourcePosition At,
    string Name,
    RequestDocument Request,
    DecisionEffect Effect,
    DisclosureView? View,
    string? Protocol,
    string? Rule,
    Obligations? Obligations,
    DecisionReason? Reason);

public sealed record PolicyTestResult(PolicyTestCase Test, bool Passed, string Message);

/// <summary>The outcome of a policy test run: results, rules no test exercised, and problems with the test files.</summary>
public sealed record PolicyTestReport(IReadOnlyList<PolicyTestResult> Results, IReadOnlyList<CompiledRule> UncoveredRules, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Passed => Results.All(r => r.Passed) && !Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>Reads policies/tests/*.yaml and runs every test against a compiled snapshot.</summary>
public static class PolicyTests
{
    public static IReadOnlyList<PolicyTestCase> Read(string policyDirectory, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var root = Path.GetFullPath(policyDirectory);
        var folder = Path.Combine(root, PolicyLoader.TestsFolder);
        var tests = new List<PolicyTestCase>();
        if (!Directory.Exists(folder))
        {
            return tests;
        }

        foreach (var path in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var file = PolicyLoader.Display(root, path);
            var reader = new DocumentReader(file, diagnostics).Root(File.ReadAllText(path), Shapes.TestsFile);
            foreach (var test in reader?.Mappings("tests", Shapes.Test) ?? [])
            {
                var name = test.String("name");
                var request = test.Mapping("request", Shapes.Request) is { } r ? RequestDocument.Read(r) : null;
                var expect = test.Mapping("expect", Shapes.Expectation);
                var effect = expect?.Word("effect", Words.Effects);
                if (name is not { } n || request is null || expect is null || effect is not { } e)
                {
                    continue;
                }

                var obligations = expect.Has("obligations")
                    ? expect.Words("obligations", Words.Obligations).Aggregate(Decisions.Obligations.None, (m, o) => m | o.Value)
                    : (Obligations?)null;
                tests.Add(new PolicyTestCase(
                    file, test.At, n.Value, request, e.Value,
                    expect.Word("view", Words.Views)?.Value,
                    expect.String("protocol")?.Value,
                    expect.String("rule")?.Value,
                    obligations,
                    expect.Word("reason", Words.Reasons)?.Value));
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var test in tests.Where(t => !names.Add(t.Name)))
        {
            diagnostics.Error(test.At, "duplicate-id", $"Policy test name '{test.Name}' is used twice.", "Give each test its own name so that failures can be told apart.");
        }

        return tests;
    }

    public static PolicyTestReport Run(PolicySnapshot snapshot, string policyDirectory)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var diagnostics = new DiagnosticBag();
        var tests = Read(policyDirectory, diagnostics);
        var results = new List<PolicyTestResult>();
        var covered = new HashSet<CompiledRule>();
        foreach (var test in tests)
        {
            foreach (var name in test.Request.UnknownNames(snapshot))
            {
                diagnostics.Error(test.At, "unknown-reference", $"Test '{test.Name}' names an unknown {name}.", "Use names from agencies.yaml, areas.yaml and the protocols' purposes.");
            }

            var request = test.Request.Question;
            var decision = snapshot.Decide(request);
            if (decision.Rule is { } rule)
            {
                covered.Add(rule);
            }

            var problems = Compare(test, decision);
            results.Add(new PolicyTestResult(test, problems.Count == 0, problems.Count == 0 ? "passed" : string.Join("; ", problems) + " | " + snapshot.Explain(request).Reason));
        }

        var uncovered = snapshot.Rules.Where(r => !covered.Contains(r)).ToList();
        return new PolicyTestReport(results, uncovered, diagnostics.Sorted());
    }

    private static List<string> Compare(PolicyTestCase test, Decision decision)
    {
        var problems = new List<string>();
        if (decision.Effect != test.Effect)
        {
            problems.Add($"expected {Words.Effects.WordFor(test.Effect)}, got {Words.Effects.WordFor(decision.Effect)} ({Words.Reasons.WordFor(decision.Reason)})");
        }

        if (test.View is { } view && decision.View != view)
        {
            problems.Add($"expected view {Words.Views.WordFor(view)}, got {(decision.View == DisclosureView.None ? "none" : Words.Views.WordFor(decision.View))}");
        }

        if (test.Protocol is { } protocol && decision.Rule?.Protocol.Id != protocol)
        {
            problems.Add($"expected protocol {protocol}, got {decision.Rule?.Protocol.Id ?? "none"}");
        }

        if (test.Rule is { } rule && decision.Rule?.Id != rule)
        {
            problems.Add($"expected rule {rule}, got {decision.Rule?.Id ?? "none"}");
        }

        if (test.Obligations is { } obligations && decision.Obligations != obligations)
        {
            problems.Add($"expected obligations [{string.Join(", ", DecisionJson.ObligationWords(obligations))}], got [{string.Join(", ", DecisionJson.ObligationWords(decision.Obligations))}]");
        }

        if (test.Reason is { } reason && decision.Reason != reason)
        {
            problems.Add($"expected reason {Words.Reasons.WordFor(reason)}, got {Words.Reasons.WordFor(decision.Reason)}");
        }

        return problems;
    }
}
