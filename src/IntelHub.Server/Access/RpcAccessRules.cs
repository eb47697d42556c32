using IntelHub.Identity;

namespace IntelHub.Server.Access;

/// <summary>
/// The table of who may call which RPC, keyed by the gRPC method path
/// (<c>/intelhub.v1.ReportService/SubmitIntelligence</c>). An RPC not in the table is refused.
/// </summary>
public sealed class RpcAccessRules
{
    private readonly Dictionary<string, AccessRule> _rules;
    private readonly HashSet<string> _openServices;

    public RpcAccessRules(IReadOnlyDictionary<string, AccessRule> rules, IEnumerable<string> servicesOpenToAnyAgency)
    {
        _rules = new Dictionary<string, AccessRule>(rules, StringComparer.Ordinal);
        _openServices = new HashSet<string>(servicesOpenToAnyAgency, StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, AccessRule> Rules => _rules;

    /// <summary>Infrastructure services (health, reflection) that need only a valid agency certificate.</summary>
    public bool IsOpenToAnyAgency(string method) => _openServices.Contains(ServiceOf(method));

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

    private static string ServiceOf(string method)
    {
        var slash = method.IndexOf('/', 1);
        return slash < 0 ? method : method[1..slash];
    }

    private static string Name(string method) => method[(method.LastIndexOf('/') + 1)..];
}
