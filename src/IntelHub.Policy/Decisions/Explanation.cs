namespace IntelHub.Policy.Decisions;

/// <summary>How one rule of the requester's protocols fared against a request.</summary>
public sealed record RuleTrace(string ProtocolId, string ProtocolVersion, string RuleId, DecisionEffect Effect, bool Matched, string Outcome);

/// <summary>A decision with the words that justify it and every rule considered: built on demand, off the hot path.</summary>
public sealed record Explanation(Decision Decision, string Reason, IReadOnlyList<RuleTrace> Rules);
