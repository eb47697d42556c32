using IntelHub.Policy.Diagnostics;
using IntelHub.Policy.Publishing;

namespace IntelHub.Policy.Tooling;

/// <summary>What <c>intelhub policy lint</c> reports: every diagnostic of the set and of its policy test files.</summary>
public sealed record LintReport(IReadOnlyList<Diagnostic> Diagnostics)
{
    public int ErrorCount => Diagnostics.Count(d => d.Severity == Severity.Error);

    public int WarningCount => Diagnostics.Count(d => d.Severity == Severity.Warning);
}

public static class PolicyLint
{
    /// <summary>Validates the policy directory as the protocol owner would before asking for approval.</summary>
    public static LintReport Run(string policyDirectory, DateOnly asOf)
    {
        var load = PolicyLoader.Load(policyDirectory, asOf);
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(load.Diagnostics);
        PolicyTests.Read(policyDirectory, diagnostics);
        return new LintReport(diagnostics.Sorted());
    }
}
