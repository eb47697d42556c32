using IntelHub.Policy.Decisions;

namespace IntelHub.Server.Sharing;

/// <summary>
/// What the policy decided about one agency and one item: permitted in a view with obligations
/// under a protocol rule, or denied with the reason in words.
/// </summary>
public sealed record SharingOutcome(
    bool Permitted,
    DisclosureView View,
    Obligations Obligations,
    string ProtocolId,
    string ProtocolVersion,
    string RuleId,
    DecisionReason Reason)
{
    public static SharingOutcome Denied(DecisionReason reason, string protocolId = "", string protocolVersion = "", string ruleId = "") =>
        new(false, DisclosureView.None, Obligations.None, protocolId, protocolVersion, ruleId, reason);
}
