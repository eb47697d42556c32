using IntelHub.Contracts.V1;
using IntelHub.Policy.Publishing;
using IntelHub.Policy.Tooling;
using IntelHub.Server.Protocols;
using IntelHub.Server.Validation;
using PolicyDiagnostic = IntelHub.Policy.Diagnostics.Diagnostic;
using PolicySeverity = IntelHub.Policy.Diagnostics.Severity;

namespace IntelHub.Server.Sharing;

/// <summary>
/// Validates a proposed protocol document the way the hub would publish it: in place of the protocol with the
/// same id, against the hub's agency register and every other protocol in force, then the policy tests of the hub's
/// policies directory against the set it would make. Nothing is stored or published.
/// </summary>
internal sealed class ProtocolValidation(StoredProtocolSet protocols, PolicySet policies, TimeProvider time)
{
    public const string DefaultFileName = "proposal.yaml";
    internal const int MaxDocumentLength = 200_000;
    private const int MaxFileNameLength = 200;

    /// <summary>The most diagnostics one reply carries; a pathological document can produce one per character.</summary>
    public const int MaxDiagnostics = 200;

    public ValidateProtocolResponse Validate(ValidateProtocolRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new FieldViolations();
        if (string.IsNullOrWhiteSpace(request.DocumentText))
            problems.Add("document_text", "Missing: send the complete YAML document of the protocol, as it would be saved in policies/protocols/.");
        else if (request.DocumentText.Length > MaxDocumentLength)
            problems.Add("document_text", $"The document is {request.DocumentText.Length} characters long; the most the hub validates is {MaxDocumentLength}.");
        var fileName = request.FileName.Trim();
        if (fileName.Length > MaxFileNameLength || fileName.Any(char.IsControl))
            problems.Add("file_name", $"Use at most {MaxFileNameLength} printable characters, e.g. protocols/wales-anti-trafficking-isp.yaml, or leave it empty.");
        problems.ThrowIfAny("The document was not validated");
        if (fileName.Length == 0) fileName = DefaultFileName;

        var loaded = protocols.CompileBeside(policies.Current, fileName, request.DocumentText, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        var findings = FindingsOf(loaded, fileName);
        var response = new ValidateProtocolResponse();
        if (loaded.Snapshot is { } snapshot)
        {
            var tests = PolicyTests.Run(snapshot, protocols.PolicyDirectory);
            response.PolicyTestsRun = (uint)tests.Results.Count;
            response.PolicyTestsFailed = (uint)tests.Results.Count(r => !r.Passed);
            findings.AddRange(tests.Diagnostics.Where(d => d.Severity == PolicySeverity.Error));
            findings.AddRange(tests.Results.Where(r => !r.Passed).Select(r => new PolicyDiagnostic(
                r.Test.At.File, r.Test.At.Line, r.Test.At.Column, PolicySeverity.Error, "policy-test-failed",
                $"Policy test '{r.Test.Name}' fails with this document: {r.Message}.",
                "Correct the document if the test states what the protocols should decide; otherwise agree the change with the parties and update the test in policies/tests/.")));
        }

        response.Diagnostics.AddRange(Listed(findings, fileName));
        response.Valid = !findings.Any(d => d.Severity == PolicySeverity.Error);
        return response;
    }

    /// <summary>
    /// What loading a set with a proposed document found for its author: the document's own findings first, in
    /// document order; from the other files only what it breaks there (their warnings are not the author's to fix).
    /// </summary>
    internal static List<PolicyDiagnostic> FindingsOf(PolicyLoadResult loaded, string fileName) =>
        [.. loaded.Diagnostics.Where(d => d.File == fileName), .. loaded.Diagnostics.Where(d => d.File != fileName && d.Severity == PolicySeverity.Error)];

    /// <summary>The findings as a reply lists them: at most <see cref="MaxDiagnostics"/>, then one saying how many more there are.</summary>
    internal static IEnumerable<Contracts.V1.Diagnostic> Listed(IReadOnlyList<PolicyDiagnostic> findings, string fileName)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var listed = findings.Take(MaxDiagnostics).Select(ToWire);
        return findings.Count <= MaxDiagnostics ? listed : listed.Append(ToWire(new PolicyDiagnostic(fileName, 1, 1, PolicySeverity.Error, "more-diagnostics",
            $"And {findings.Count - MaxDiagnostics} more findings not listed here (the reply lists the first {MaxDiagnostics}).",
            "Fix the findings listed and validate again, or run 'intelhub policy lint' on the file to see them all.")));
    }

    private static Contracts.V1.Diagnostic ToWire(PolicyDiagnostic diagnostic) => new()
    {
        Severity = diagnostic.Severity == PolicySeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
        Code = diagnostic.Code,
        File = diagnostic.File,
        Line = (uint)Math.Max(0, diagnostic.Line),
        Column = (uint)Math.Max(0, diagnostic.Column),
        Message = diagnostic.Message,
        Fix = diagnostic.Fix,
    };
}
