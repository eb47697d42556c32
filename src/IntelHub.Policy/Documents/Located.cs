using IntelHub.Policy.Diagnostics;

namespace IntelHub.Policy.Documents;

/// <summary>A value read from a policy file with the place it was written, for diagnostics.</summary>
public readonly record struct Located<T>(T Value, SourcePosition At);
