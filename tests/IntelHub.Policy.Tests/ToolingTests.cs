using System.Text.Json;
using IntelHub.Policy.Diagnostics;
using IntelHub.Policy.Tooling;

namespace IntelHub.Policy.Tests;

public sealed class ToolingTests : IDisposable
{
    private readonly PolicyFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void A_JSON_request_gets_a_JSON_decision_with_its_explanation()
    {
        // Given the documented example request against the Wales set
        var snapshot = Wales();
        var path = Path.Combine(Repository.Policies, "examples", "partner-views-intelligence.json");
        var diagnostics = new DiagnosticBag();
        var request = RequestDocument.Parse("partner-views-intelligence.json", File.ReadAllText(path), diagnostics)!;

        // When it is decided and written as JSON
        var json = DecisionJson.Write(snapshot.Explain(request.Question), request.UnknownNames(snapshot));

        // Then the decision names the view, the obligations, the protocol and the rule, and explains itself
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("permit", root.GetProperty("effect").GetString());
        Assert.Equal("sanitised", root.GetProperty("view").GetString());
        Assert.Equal("wales-anti-trafficking-isp", root.GetProperty("decided-by").GetProperty("protocol").GetString());
        Assert.Equal("sanitised-intelligence-to-partners", root.GetProperty("decided-by").GetProperty("rule").GetString());
        Assert.Contains("no-onward-dissemination", root.GetProperty("obligations").EnumerateArray().Select(o => o.GetString()));
        Assert.NotEmpty(root.GetProperty("explanation").GetProperty("rules").EnumerateArray());
    }

    [Fact]
    public void A_malformed_JSON_request_is_reported_with_its_line()
    {
        var diagnostics = new DiagnosticBag();

        var request = RequestDocument.Parse("r.json", "{\n  \"at\": \"2026-06-01\",\n  \"requester\": {\"agency\": \"x\", \"role\": \"y\", \"purpose\": \"z\"},\n  \"action\": \"peek\",\n  \"item\": {}\n}", diagnostics);

        Assert.Null(request);
        var unknown = Assert.Single(diagnostics.Items, d => d.Code == "unknown-value");
        Assert.Equal(4, unknown.Line);
        Assert.Contains("receive, view, search, compile, disseminate", unknown.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_with_an_instant_is_decided_on_its_UTC_day()
    {
        var diagnostics = new DiagnosticBag();
        var text = """{"at": "2026-06-01T00:30:00+01:00", "requester": {"agency": "a", "role": "r", "purpose": "p"}, "action": "view", "item": {"kind": "information", "originator": "b", "classification": "official", "area": "x"}}""";

        var request = RequestDocument.Parse("r.json", text, diagnostics);

        Assert.Equal(new DateOnly(2026, 5, 31), request!.Question.On);
    }

    [Fact]
    public void An_invalid_grade_in_a_request_is_reported()
    {
        var diagnostics = new DiagnosticBag();
        var text = """{"at": "2026-06-01", "requester": {"agency": "a", "role": "r", "purpose": "p"}, "action": "view", "item": {"kind": "intelligence", "originator": "b", "classification": "official", "area": "x", "grading": "1AX"}}""";

        RequestDocument.Parse("r.json", text, diagnostics);

        Assert.Equal("invalid-grading", Assert.Single(diagnostics.Items).Code);
    }

    [Fact]
    public void Diff_lists_the_decisions_a_new_protocol_version_changes()
    {
        // Given a published protocol, and a new version that narrows the partners' view to existence only
        var old = PolicyFiles.Protocol("p", PolicyFiles.Permit("le") + PolicyFiles.Permit("partners", to: "[non-law-enforcement]", view: "sanitised", actions: "[receive]"));
        _files.Write("protocols/p.yaml", old);
        var oldFile = Path.Combine(_files.Root, "old.yaml");
        var newFile = Path.Combine(_files.Root, "new.yaml");
        File.WriteAllText(oldFile, old);
        File.WriteAllText(newFile, old.Replace("view: sanitised", "view: existence-only", StringComparison.Ordinal).Replace("version: \"1\"", "version: \"2\"", StringComparison.Ordinal));

        // When the two versions are compared
        var result = PolicyDiff.CompareProtocolFiles(_files.Policies, oldFile, newFile, PolicyFiles.Day);

        // Then only partners' receive decisions change, from sanitised to existence only
        Assert.True(result.Succeeded);
        Assert.NotEmpty(result.Changes);
        Assert.All(result.Changes, c =>
        {
            Assert.Equal("receive", c.Action);
            Assert.Contains("permit sanitised", c.Old, StringComparison.Ordinal);
            Assert.Contains("permit existence-only", c.New, StringComparison.Ordinal);
        });
        Assert.Contains(result.Changes, c => c.Requester.StartsWith("council-", StringComparison.Ordinal));
        Assert.Contains(result.Changes, c => c.Requester == "charity");
    }

    [Fact]
    public void Diff_of_identical_versions_changes_nothing()
    {
        var protocol = PolicyFiles.Protocol("p", PolicyFiles.Permit("le"));
        _files.Write("protocols/p.yaml", protocol);
        var file = Path.Combine(_files.Root, "same.yaml");
        File.WriteAllText(file, protocol);

        var result = PolicyDiff.CompareProtocolFiles(_files.Policies, file, file, PolicyFiles.Day);

        Assert.True(result.DecisionsCompared > 0);
        Assert.Empty(result.Changes);
    }

    [Fact]
    public void Diff_of_a_broken_new_version_reports_its_errors()
    {
        _files.WriteProtocol("p", PolicyFiles.Permit("le"));
        var file = Path.Combine(_files.Root, "broken.yaml");
        File.WriteAllText(file, PolicyFiles.Protocol("p", PolicyFiles.Permit("le", to: "[nobody]")));

        var result = PolicyDiff.CompareProtocolFiles(_files.Policies, Path.Combine(_files.Policies, "protocols", "p.yaml"), file, PolicyFiles.Day);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.Code == "unknown-reference");
    }

    [Fact]
    public void Lint_reports_problems_in_policy_test_files()
    {
        _files.WriteProtocol("p", PolicyFiles.Permit("le"));
        _files.Write("tests/t.yaml", "tests:\n  - name: a\n    request: {}\n    expectt: {effect: permit}\n");

        var report = PolicyLint.Run(_files.Policies, PolicyFiles.Day);

        Assert.Contains(report.Diagnostics, d => d.File == "policies/tests/t.yaml" && d.Line == 4 && d.Code == "unknown-key");
    }

    private static Compilation.PolicySnapshot Wales() =>
        Publishing.PolicyLoader.Load(Repository.Policies, new DateOnly(2026, 6, 1)).Snapshot!;
}
