namespace IntelHub.Domain;

/// <summary>
/// Why a value was refused: the field it belongs to (snake_case, as on the wire) and a message the
/// person who typed the value can act on: what was wrong and what to write instead.
/// </summary>
public sealed record DomainError(string Field, string Message);
