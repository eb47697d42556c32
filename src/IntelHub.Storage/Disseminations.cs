namespace IntelHub.Storage;

/// <summary>
/// Refer-to-originator requests and the originators' decisions (migration 0006). Plain values as the server maps
/// them: views and statuses are the hub's words ("full", "sanitised"; "pending", "granted", "refused"), conditions the
/// handling-condition names items store. Every write is one transaction with its audit entry.
/// </summary>
public interface IDisseminationStore
{
    /// <summary>
    /// Records a new request with its audit entry. Idempotent by (requester agency, idempotency key): a repeat whose
    /// <see cref="DisseminationRecord.RequestDigest"/> matches the first returns the first request with Duplicate set and
    /// writes nothing; a different digest throws <see cref="StoreConflictException"/> (the key was reused).
    /// </summary>
    Task<(DisseminationRecord Request, bool Duplicate)> RequestDisseminationAsync(DisseminationRecord request, ReadOnlyMemory<byte> auditEntry, CancellationToken cancellationToken);

    /// <summary>A request by id, or null.</summary>
    Task<DisseminationRecord?> GetDisseminationAsync(string disseminationId, CancellationToken cancellationToken);

    /// <summary>One page of an agency's requests (made, or received as originator), newest first after the cursor.</summary>
    Task<IReadOnlyList<DisseminationRecord>> ListDisseminationsAsync(DisseminationQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Records the decision on a pending request, the requester agency's inbox entry for it (the next position in its
    /// inbox sequence) and the audit entry, in one transaction. A request already decided is returned as stored with
    /// Recorded false, and nothing is written. Throws <see cref="KeyNotFoundException"/> for an unknown id.
    /// </summary>
    Task<(DisseminationRecord Request, bool Recorded)> DecideDisseminationAsync(string disseminationId, DisseminationDecision decision, ReadOnlyMemory<byte> auditEntry, CancellationToken cancellationToken);

    /// <summary>The grants to an agency for an item that have not expired at <paramref name="at"/>, latest expiry first.</summary>
    Task<IReadOnlyList<DisseminationRecord>> GrantsInForceAsync(string itemId, string agencyId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The requests whose decisions sit in an agency's inbox at these positions.</summary>
    Task<IReadOnlyList<DisseminationRecord>> DeliveredDisseminationsAsync(string agencyId, IReadOnlyList<long> positions, CancellationToken cancellationToken);
}

/// <summary>One refer-to-originator request and, once made, its decision.</summary>
public sealed record DisseminationRecord
{
    public const string Pending = "pending";
    public const string Granted = "granted";
    public const string Refused = "refused";

    public required string DisseminationId { get; init; }
    public required string ItemId { get; init; }
    public required string OriginatorAgencyId { get; init; }
    public required string RequesterAgencyId { get; init; }
    public required string RequestedBy { get; init; }
    public required string RequesterRole { get; init; }
    public required string IdempotencyKey { get; init; }

    /// <summary>What makes a retry the same request (the hub's digest of item, purpose and view).</summary>
    public required string RequestDigest { get; init; }
    public required string PurposeId { get; init; }
    public required string CaseReference { get; init; }
    public required string Justification { get; init; }
    public required string RequestedView { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    public string Status { get; init; } = Pending;
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? GrantedView { get; init; }
    public IReadOnlyList<string> Conditions { get; init; } = [];
    public DateTimeOffset? ExpiresAt { get; init; }
    public string? RefusalReason { get; init; }

    /// <summary>The decision's position in the requester agency's inbox; null while pending.</summary>
    public long? DeliveryPosition { get; init; }

    /// <summary>The audit leaf of the latest event on the request.</summary>
    public long AuditSequence { get; init; }
}

/// <summary>An originator's decision: a grant (view, conditions, expiry) or a refusal (reason).</summary>
public sealed record DisseminationDecision(
    string Status, string DecidedBy, DateTimeOffset DecidedAt, string? GrantedView, IReadOnlyList<string> Conditions, DateTimeOffset? ExpiresAt, string? RefusalReason);

/// <summary>A page of an agency's requests: those it made, or (<see cref="AsOriginator"/>) those for its items.</summary>
public sealed record DisseminationQuery(string AgencyId, bool AsOriginator, IReadOnlyList<string> Statuses, (DateTimeOffset RequestedAt, string DisseminationId)? Before, int Limit);
