using IntelHub.Identity;

namespace IntelHub.Server.Access;

/// <summary>
/// The table of who may call which RPC, keyed by the gRPC method path
/// (<c>/intelhub.v1.ReportService/SubmitIntelligence</c>). An RPC not in the table is refused.
/// </summary>
public sealed class RpcAccessRules
{
    private readonly Dictionary<string, AccessRule> _rules;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _openServiceNames;

    public RpcAccessRules(IReadOnlyDictionary<string, AccessRule> rules, IEnumerable<string> servicesOpenToAnyAgency)
    {
        _rules = new Dictionary<string, AccessRule>(rules, StringComparer.Ordinal);
        _openServiceNames = new HashSet<string>(servicesOpenToAnyAgency, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IReadOnlyDictionary<string, AccessRule> Rules => _rules;

    /// <summary>Infrastructure services (health, reflection) that need only a valid agency certificate.</summary>
    public bool IsOpenToAnyAgency(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        // Asked on every call: the service name is looked up as a span of the method path, not cut out as a new string.
        var slash = method.IndexOf('/', 1);
        var service = slash < 0 ? method.AsSpan() : method.AsSpan(1, slash - 1);
        return _openServiceNames.Contains(service);
    }

    /// <summary>Null when the caller may call the method; otherwise why not, in the caller's terms.</summary>
    public string? Check(string method, Caller caller, KnownAgency agency)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(agency);
        if (!_rules.TryGetValue(method, out var rule))
            return $"{method} is not open to any caller.";
        if (!rule.Roles.Contains(caller.Role))
            return $"The role '{RoleNames.NameOf(caller.Role)}' may not call {Name(method)}; it is open to: {string.Join(", ", rule.Roles.Select(RoleNames.NameOf))}.";
        if (rule.LawEnforcementOnly && !agency.IsLawEnforcement)
            return $"{Name(method)} is open to law-enforcement competent authorities only, and {agency.Name} is not one.";
        return null;
    }

    private static string Name(string method) => method[(method.LastIndexOf('/') + 1)..];
}
