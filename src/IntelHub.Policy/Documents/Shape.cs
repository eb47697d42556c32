namespace IntelHub.Policy.Documents;

/// <summary>
/// The keys one kind of mapping in a policy file may have. The loader rejects any other key, and a test checks
/// that policies/schema/*.schema.json names exactly these keys, so the editor's schema and the loader cannot drift.
/// </summary>
public sealed record Shape(string Name, IReadOnlyList<string> Required, IReadOnlyList<string> Optional)
{
    public IEnumerable<string> Keys => Required.Concat(Optional);
}

/// <summary>Every mapping shape of the policy files and the request JSON.</summary>
public static class Shapes
{
    public static readonly Shape AgenciesFile = new("agencies file", ["agencies"], ["roles"]);
    public static readonly Shape Agency = new("agency", ["id", "name", "kind", "law-enforcement", "areas"], ["teams"]);
    public static readonly Shape Role = new("role", ["id", "description", "held-by"], []);

    public static readonly Shape AreasFile = new("areas file", ["areas"], []);
    public static readonly Shape Area = new("area", ["id", "name", "gss"], ["within"]);

    public static readonly Shape Protocol = new(
        "protocol",
        ["id", "title", "kind", "version", "owner", "approvers", "effective", "review", "purposes", "legal-bases", "parties", "covers", "rules"],
        ["description", "personal-data", "retention"]);

    /// <summary>A protocol's retention rule: the longest review period per item kind, and per personal-data category.</summary>
    public static readonly Shape Retention = new("retention", [], ["information", "intelligence", "product", "personal-data"]);

    /// <summary>The longest review period for an item holding each personal-data category.</summary>
    public static readonly Shape CategoryRetention = new("retention per personal-data category", [], ["special-category", "criminal-offence", "children"]);

    public static readonly Shape Purpose = new("purpose", ["id", "description"], []);
    public static readonly Shape LegalBasis = new("legal basis", ["id", "name"], ["description", "article", "schedule-1", "requires"]);
    public static readonly Shape Party = new("party", ["agency", "legal-bases"], ["law-enforcement-for"]);

    public static readonly Shape Rule = new(
        "rule",
        ["id", "effect", "from", "to", "actions"],
        ["description", "legal-basis", "special-category-condition", "criminal-offence-condition", "purposes", "roles", "teams", "when", "view", "obligations"]);

    public static readonly Shape Conditions = new(
        "item conditions",
        [],
        ["kinds", "classifications", "handling", "legacy-handling", "exploitation", "victims", "areas", "personal-data"]);

    public static readonly Shape TestsFile = new("policy tests file", ["tests"], []);
    public static readonly Shape Test = new("policy test", ["name", "request", "expect"], []);
    public static readonly Shape Expectation = new("expectation", ["effect"], ["view", "protocol", "rule", "obligations", "reason"]);

    public static readonly Shape Request = new("decision request", ["at", "requester", "action", "item"], []);
    public static readonly Shape Requester = new("requester", ["agency", "role", "purpose"], ["team"]);

    public static readonly Shape Item = new(
        "item",
        ["kind", "originator", "classification"],
        ["area", "areas", "grading", "legacy-grading", "handling-conditions", "theme", "themes", "personal-data", "has-sanitised-text"]);

    public static readonly Shape Theme = new("theme", [], ["exploitation", "victims"]);
}
