using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Identity;
using IntelHub.Server.AuditTrail;
using IntelHub.Storage;

namespace IntelHub.Server.Protocols;

/// <summary>What a protocol change decided on one reading of the history: the change to store (null: nothing to store) and its audit entries.</summary>
internal sealed record PlannedChange(ProtocolChange? Change, IReadOnlyList<ReadOnlyMemory<byte>> Audit)
{
    public static readonly PlannedChange Nothing = new(null, []);
}

/// <summary>
/// Carries out one protocol change: reads the stored history, lets the use case decide on it (refusing with a precise
/// status, or planning the rows and audit entries), stores the plan in one transaction guarded by the generation it was
/// decided on, and brings this hub onto the result before answering. When another request or hub process changed the
/// protocols in between, the change is decided again on the new history (a repeated approval is then refused as such).
/// </summary>
internal sealed class ProtocolChangeCommit(IHubStore store, ProtocolActivation activation, TimeProvider time)
{
    private const int Attempts = 3;

    public async Task<ProtocolHistory> CommitAsync(Func<ProtocolHistory, DateTimeOffset, PlannedChange> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var history = await store.ReadProtocolHistoryAsync(cancellationToken);
            var planned = decide(history, time.GetUtcNow());
            if (planned.Change is null) return history;
            try
            {
                await store.ChangeProtocolAsync(planned.Change with { ExpectedGeneration = history.Generation }, planned.Audit, cancellationToken);
            }
            catch (StoreConflictException) when (attempt < Attempts)
            {
                continue;
            }
            catch (StoreConflictException conflict)
            {
                throw new RpcException(new Status(StatusCode.Aborted, conflict.Message));
            }
            await activation.SyncAsync(cancellationToken);
            return await store.ReadProtocolHistoryAsync(cancellationToken);
        }
    }

    /// <summary>The audit entry of a change: who, which version, and the digest of its document.</summary>
    public static ReadOnlyMemory<byte> AuditOf(AuditAction action, Caller caller, ProtocolVersionRecord version, string decision, DateTimeOffset at) =>
        HubAuditLog.Encode(new AuditEntry
        {
            Time = at, Action = action, Agency = caller.AgencyId, User = caller.UserId,
            ContentDigest = ContentDigest.FromHex(version.DocumentDigest), Decision = decision,
            ProtocolId = version.ProtocolId, ProtocolVersion = version.Version,
        });
}
