using IntelHub.Policy.Diagnostics;
using IntelHub.Policy.Publishing;

namespace IntelHub.Policy.Tests;

/// <summary>Bad input gets a message naming the file, the line and the fix, and never becomes a published set.</summary>
public sealed class ValidationTests : IDisposable
{
    private readonly PolicyFiles _files = new();

    public void Dispose() => _files.Dispose();

    private Diagnostic Single(string code)
    {
        var result = _files.Load();
        var found = result.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(found.Count == 1, $"expected one '{code}', got:{Environment.NewLine}{string.Join(Environment.NewLine, result.Diagnostics)}");
        return found[0];
    }

    private static int LineOf(string text, string fragment) =>
        text[..text.IndexOf(fragment, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    [Fact]
    public void Malformed_yaml_names_the_file_and_line_and_publishes_nothing()
    {
        var text = PolicyFiles.Protocol("p", PolicyFiles.Permit("le")).Replace("title: Test protocol p", "title: [unclosed", StringComparison.Ordinal);
        _files.Write("protocols/p.yaml", text);

        var result = _files.Load();
        var syntax = Assert.Single(result.Diagnostics, d => d.Code == "syntax");

        Assert.Null(result.Snapshot);
        Assert.Equal("policies/protocols/p.yaml", syntax.File);
        Assert.InRange(syntax.Line, LineOf(text, "[unclosed"), LineOf(text, "[unclosed") + 1);
        Assert.NotEmpty(syntax.Fix);
    }

    [Fact]
    public void An_unknown_agency_among_the_parties_is_named_with_a_suggestion()
    {
        var text = PolicyFiles.Protocol("p", PolicyFiles.Permit("le")).Replace("agency: council-y", "agency: councel-y", StringComparison.Ordinal);
        _files.Write("protocols/p.yaml", text);

        var error = Single("unknown-agency");

        Assert.Equal(("policies/protocols/p.yaml", LineOf(text, "councel-y")), (error.File, error.Line));
        Assert.Equal(13, error.Column);
        Assert.Contains("'council-y'", error.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("charity", "ngo", "true")]
    [InlineData("council-x", "local-authority", "true")]
    [InlineData("force-a", "police-force", "false")]
    public void A_law_enforcement_flag_its_kind_does_not_allow_is_an_error_at_the_flag(string agency, string kind, string flag)
    {
        var start = PolicyFiles.Agencies.IndexOf($"id: {agency}\n", StringComparison.Ordinal);
        var original = flag == "true" ? "law-enforcement: false" : "law-enforcement: true";
        var at = PolicyFiles.Agencies.IndexOf(original, start, StringComparison.Ordinal);
        var text = string.Concat(PolicyFiles.Agencies.AsSpan(0, at), "law-enforcement: " + flag, PolicyFiles.Agencies.AsSpan(at + original.Length));
        _files.Write("agencies.yaml", text).WriteProtocol("p", PolicyFiles.Permit("le"));

        var error = Single("law-enforcement-kind");

        Assert.Null(_files.Load().Snapshot);
        Assert.Equal(("policies/agencies.yaml", text[..at].Count(c => c == '\n') + 1), (error.File, error.Line));
        Assert.Contains($"'{agency}' is a {kind}", error.Message, StringComparison.Ordinal);
        Assert.Contains("law-enforcement: " + (flag == "true" ? "false" : "true"), error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Auditor_is_granted_to_named_agencies_not_to_a_kind()
    {
        var text = PolicyFiles.Agencies.Replace("agencies:\n", "  - id: auditor\n    description: Auditor.\n    held-by: [ngo]\nagencies:\n", StringComparison.Ordinal);
        _files.Write("agencies.yaml", text).WriteProtocol("p", PolicyFiles.Permit("le"));

        var error = Single("named-agencies-only");

        Assert.Equal(("policies/agencies.yaml", LineOf(text, "held-by: [ngo]")), (error.File, error.Line));
        Assert.Contains("'auditor'", error.Message, StringComparison.Ordinal);
        Assert.Contains("held-by: [charity]", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void The_snapshot_says_which_agencies_may_hold_each_role()
    {
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("le")).Snapshot();

        Assert.True(snapshot.MayHold(snapshot.Agency("force-a"), snapshot.Role("analyst")));
        Assert.False(snapshot.MayHold(snapshot.Agency("charity"), snapshot.Role("analyst")));
        Assert.Equal(["council-x", "council-y", "charity"], snapshot.HoldersOf("safeguarding-lead"));
    }

    [Fact]
    public void A_retention_that_is_not_a_period_is_an_error_and_a_period_caps_the_review_date()
    {
        var bad = PolicyFiles.Protocol("p", PolicyFiles.Permit("le")).Replace("rules:\n", "retention:\n  information: six years\nrules:\n", StringComparison.Ordinal);
        _files.Write("protocols/p.yaml", bad);

        var error = Single("invalid-period");

        Assert.Equal(("policies/protocols/p.yaml", LineOf(bad, "six years")), (error.File, error.Line));
        _files.Write("protocols/p.yaml", bad.Replace("six years", "P1Y6M", StringComparison.Ordinal));
        var snapshot = _files.Snapshot();
        Assert.Equal(new DateOnly(2027, 12, 1), snapshot.LatestReviewDate("force-a", Domain.Items.ItemKind.Information, Decisions.PersonalDataCategories.None, PolicyFiles.Day)?.Latest);
        Assert.Null(snapshot.LatestReviewDate("force-a", Domain.Items.ItemKind.Intelligence, Decisions.PersonalDataCategories.None, PolicyFiles.Day));
    }

    [Fact]
    public void A_duplicate_agency_id_is_reported_at_the_second_entry()
    {
        var text = PolicyFiles.Agencies + "\n  - id: force-a\n    name: Again\n    kind: police-force\n    law-enforcement: true\n    areas: [area-a]\n";
        _files.Write("agencies.yaml", text).WriteProtocol("p", PolicyFiles.Permit("le"));

        var error = Single("duplicate-id");

        Assert.Equal(("policies/agencies.yaml", text.Split('\n').Length - 5), (error.File, error.Line));
        Assert.Contains("line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_protocol_id_names_the_other_file()
    {
        _files.WriteProtocol("p", PolicyFiles.Permit("le"));
        _files.Write("protocols/q.yaml", PolicyFiles.Protocol("p", PolicyFiles.Permit("le")));

        var error = Single("duplicate-id");

        Assert.Equal(("policies/protocols/q.yaml", 1), (error.File, error.Line));
        Assert.Contains("policies/protocols/p.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_rule_id_is_reported()
    {
        var text = PolicyFiles.Protocol("p", PolicyFiles.Permit("le") + PolicyFiles.Permit("le", view: "sanitised"));
        _files.Write("protocols/p.yaml", text);

        var error = Single("duplicate-id");

        Assert.Equal(text.Split('\n').ToList().FindLastIndex(l => l.Contains("- id: le", StringComparison.Ordinal)) + 1, error.Line);
    }

    [Theory]
    [InlineData("01/04/2025")]
    [InlineData("2025-4-1")]
    [InlineData("2025-02-30")]
    public void A_date_in_the_wrong_format_is_reported_with_an_example(string written)
    {
        var text = PolicyFiles.Protocol("p", PolicyFiles.Permit("le"), effective: written);
        _files.Write("protocols/p.yaml", text);

        var error = Single("invalid-date");

        Assert.Equal((LineOf(text, "effective:"), 12), (error.Line, error.Column));
        Assert.Contains("YYYY-MM-DD", error.Message, StringComparison.Ordinal);
        Assert.Contains("2026-04-01", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_handling_code_lists_the_codes()
    {
        var text = PolicyFiles.Protocol("p", PolicyFiles.Permit("le", extra: "    when:\n      handling: [X]"));
        _files.Write("protocols/p.yaml", text);

        var error = Single("unknown-value");

        Assert.Single(_files.Load().Diagnostics);
        Assert.Equal(LineOf(text, "handling: [X]"), error.Line);
        Assert.Contains("P, C", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_suggests_the_closest_key()
    {
        var text = PolicyFiles.Protocol("p", PolicyFiles.Permit("le")).Replace("review:", "reveiw:", StringComparison.Ordinal);
        _files.Write("protocols/p.yaml", text);

        var result = _files.Load();
        var unknown = Assert.Single(result.Diagnostics, d => d.Code == "unknown-key");
        var missing = Assert.Single(result.Diagnostics, d => d.Code == "missing-key");

        Assert.Equal(LineOf(text, "reveiw:"), unknown.Line);
        Assert.Contains("'review'", unknown.Fix, StringComparison.Ordinal);
        Assert.Contains("'review:'", missing.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_party_with_no_legal_basis_is_an_error()
    {
        var text = PolicyFiles.Protocol("p", PolicyFiles.Permit("le")).Replace("agency: charity\n    legal-bases: [basis]", "agency: charity\n    legal-bases: []", StringComparison.Ordinal);
        _files.Write("protocols/p.yaml", text);

        var error = Single("party-without-legal-basis");

        Assert.Equal(LineOf(text, "agency: charity"), error.Line);
    }

    [Fact]
    public void A_rule_sending_to_a_party_without_its_legal_basis_is_an_error()
    {
        var text = PolicyFiles.Protocol("p", PolicyFiles.Permit("le"))
            .Replace("  - id: basis\n    name: A legal basis", "  - id: basis\n    name: A legal basis\n  - id: other\n    name: Another", StringComparison.Ordinal)
            .Replace("agency: force-b\n    legal-bases: [basis]", "agency: force-b\n    legal-bases: [other]", StringComparison.Ordinal);
        _files.Write("protocols/p.yaml", text);

        var error = Single("party-without-legal-basis");

        Assert.Contains("force-b", error.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(text, "legal-basis: basis"), error.Line);
    }

    [Fact]
    public void A_rule_that_would_send_unsanitised_intelligence_to_a_partner_is_an_error()
    {
        var text = PolicyFiles.Protocol("p", PolicyFiles.Permit("bad", to: "[all-parties]"));
        _files.Write("protocols/p.yaml", text);

        var error = Single("unsanitised-intelligence-to-partner");

        Assert.Equal(LineOf(text, "- id: bad"), error.Line);
        Assert.Contains("council-x", error.Message, StringComparison.Ordinal);
        Assert.Null(_files.Load().Snapshot);
    }

    [Fact]
    public void A_rule_about_intelligence_in_an_information_protocol_is_an_error()
    {
        var text = PolicyFiles.Protocol("p", PolicyFiles.Permit("le", extra: "    when:\n      kinds: [intelligence]"), covers: "[information]");
        _files.Write("protocols/p.yaml", text);

        var error = Single("kind-not-covered");

        Assert.Contains("covers", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_naming_an_agency_that_is_not_a_party_is_an_error()
    {
        var text = PolicyFiles.Protocol("p", PolicyFiles.Permit("le", to: "[force-b]")).Replace("  - agency: force-b\n    legal-bases: [basis]\n", string.Empty, StringComparison.Ordinal);
        _files.Write("protocols/p.yaml", text);

        var error = Single("not-a-party");

        Assert.Equal(LineOf(text, "to: [force-b]"), error.Line);
    }

    [Fact]
    public void A_rule_that_can_never_fire_is_an_error()
    {
        var text = PolicyFiles.Protocol("p", PolicyFiles.Permit("le") + PolicyFiles.Permit("nobody", actions: "[]"));
        _files.Write("protocols/p.yaml", text);

        var error = Single("never-fires");

        Assert.Equal(LineOf(text, "- id: nobody"), error.Line);
    }

    [Fact]
    public void A_permit_inside_a_deny_is_reported_as_shadowed()
    {
        var text = PolicyFiles.Protocol("p", PolicyFiles.Permit("le", actions: "[disseminate]") + PolicyFiles.Deny("no-dissemination", actions: "[disseminate]"));
        _files.Write("protocols/p.yaml", text);

        var warning = Single("shadowed");

        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal(LineOf(text, "- id: le"), warning.Line);
        Assert.Contains("no-dissemination", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_permit_inside_a_wider_permit_is_reported_as_shadowed()
    {
        var text = PolicyFiles.Protocol("p", PolicyFiles.Permit("wide") + PolicyFiles.Permit("narrow", to: "[riu]", view: "sanitised"));
        _files.Write("protocols/p.yaml", text);

        var warning = Single("shadowed");

        Assert.Equal(LineOf(text, "- id: narrow"), warning.Line);
    }

    [Fact]
    public void Overlapping_permits_that_disagree_on_the_view_are_reported()
    {
        var text = PolicyFiles.Protocol("p",
            PolicyFiles.Permit("views", actions: "[view, search]") + PolicyFiles.Permit("searches", view: "existence-only", actions: "[search, receive]"));
        _files.Write("protocols/p.yaml", text);

        var warning = Single("overlapping-permits");

        Assert.Equal(LineOf(text, "- id: searches"), warning.Line);
        Assert.Contains("views", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_protocol_past_its_review_date_is_reported_and_still_loads()
    {
        var text = PolicyFiles.Protocol("p", PolicyFiles.Permit("le"), effective: "2024-01-01", review: "2026-01-31");
        _files.Write("protocols/p.yaml", text);

        var warning = Single("past-review");

        Assert.Equal(LineOf(text, "review:"), warning.Line);
        Assert.NotNull(_files.Load().Snapshot);
    }

    [Fact]
    public void An_unknown_agency_in_a_rule_suggests_the_party()
    {
        var text = PolicyFiles.Protocol("p", PolicyFiles.Permit("le", to: "[forse-a]"));
        _files.Write("protocols/p.yaml", text);

        var error = Single("unknown-reference");

        Assert.Equal(LineOf(text, "to: [forse-a]"), error.Line);
        Assert.Contains("'force-a'", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_policy_directory_is_reported()
    {
        var result = PolicyLoader.Load(Path.Combine(_files.Root, "nowhere"), PolicyFiles.Day);

        Assert.Equal("missing-file", Assert.Single(result.Diagnostics).Code);
    }
}
