using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Server.Sharing;
using IntelHub.Server.Validation;
using IntelHub.Storage;

namespace IntelHub.Server.Protocols;

/// <summary>
/// The owning agency's protocol owners put versions in and out of force: publish an approved version now or at a stated
/// time (it supersedes the version in force from then), retire the protocol, or roll it back to the version in force
/// before the current one. Each is one guarded store change with its audit entry; the hub swaps its compiled set when
/// the change takes effect (<see cref="ProtocolActivation"/>).
/// </summary>
internal sealed class ProtocolPublications(ProtocolChangeCommit commit, ProtocolCatalogue catalogue)
{
    /// <summary>How far before the hub's clock a stated time may be and still count as "now": a client's clock or a slow network.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);

    public async Task<PublishProtocolVersionResponse> PublishAsync(PublishProtocolVersionRequest request, Caller caller, DateTimeOffset received, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var problems = new FieldViolations();
        var (id, version) = StoredVersions.ReadRef(request.ProtocolId, request.Version, problems);
        var stated = ReadTime(request.EffectiveAt, "effective_at", received, problems);
        problems.ThrowIfAny("Nothing was published");

        var history = await commit.CommitAsync((history, now) =>
        {
            var stored = StoredVersions.Find(history, id, version);
            RequireOwner(caller, stored, "publish");
            if (stored.PublishedAt is not null)
                throw Refused($"Protocol {id} version {version} was already published by {stored.PublishedAgency} at {stored.PublishedAt:u}; a version is published once.");
            var missing = stored.ApprovedBy.Where(a => stored.Approvals.All(given => given.AgencyId != a)).ToList();
            if (missing.Count > 0)
                throw Refused($"Protocol {id} version {version} still needs the approval of {string.Join(", ", missing)}; publish it once every approver named in it has approved.");
            var versions = history.Versions.Where(v => v.ProtocolId == id).ToList();
            if (ProtocolTimeline.Scheduled(versions, now) is { } pending)
                throw Refused($"Version {pending.Version} of protocol {id} is already scheduled to take effect at {pending.EffectiveAt:u}; publish after it, or roll back once it is in force.");

            var effective = stated is { } at && at > now ? at : now;
            var published = stored with
            {
                Status = ProtocolTimeline.Published, EffectiveAt = effective, PublishedAt = now, PublishedAgency = caller.AgencyId, PublishedBy = caller.UserId,
                EndedAt = null, EndedReason = "",
            };
            List<ProtocolVersionRecord> rows = [published];
            if (ProtocolTimeline.InForce(versions, now) is { EndedAt: null } current)
                rows.Add(current with { Status = ProtocolTimeline.Superseded, EndedAt = effective, EndedReason = $"superseded by version {version}" });
            var decision = effective > now ? $"scheduled to take effect at {effective:O}" : "published";
            return new PlannedChange(new ProtocolChange(0, rows), [ProtocolChangeCommit.AuditOf(AuditAction.ProtocolPublication, caller, published, decision, now)]);
        }, cancellationToken);
        return new PublishProtocolVersionResponse { Protocol = catalogue.Describe(history, id, version) };
    }

    public async Task<RetireProtocolResponse> RetireAsync(RetireProtocolRequest request, Caller caller, DateTimeOffset received, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var problems = new FieldViolations();
        var id = StoredVersions.ReadId(request.ProtocolId, problems);
        var stated = ReadTime(request.EffectiveAt, "effective_at", received, problems);
        ChangeText.Check("reason", request.Reason, problems, "say why the protocol is retired, for the parties and the audit log.");
        problems.ThrowIfAny("Nothing was retired");

        string? retired = null;
        var history = await commit.CommitAsync((history, now) =>
        {
            var versions = history.Versions.Where(v => v.ProtocolId == id).ToList();
            var current = InForce(history, versions, id, now);
            RequireOwner(caller, current, "retire");
            if (current.EndedAt is { } ending)
                throw Refused($"Protocol {id} version {current.Version} already stops having effect at {ending:u} ({current.EndedReason}).");
            if (ProtocolTimeline.Scheduled(versions, now) is { } pending)
                throw Refused($"Version {pending.Version} of protocol {id} is scheduled to take effect at {pending.EffectiveAt:u}; a protocol with a scheduled version cannot be retired.");
            retired = current.Version;
            var end = stated is { } at && at > now ? at : now;
            var changed = current with { Status = ProtocolTimeline.Retired, EndedAt = end, EndedReason = "retired: " + request.Reason.Trim() };
            return new PlannedChange(new ProtocolChange(0, [changed]),
                [ProtocolChangeCommit.AuditOf(AuditAction.ProtocolRetirement, caller, current, $"retired from {end:O}", now)]);
        }, cancellationToken);
        return new RetireProtocolResponse { Protocol = catalogue.Describe(history, id, retired!) };
    }

    public async Task<RollbackProtocolResponse> RollbackAsync(RollbackProtocolRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var problems = new FieldViolations();
        var id = StoredVersions.ReadId(request.ProtocolId, problems);
        var currentVersion = request.CurrentVersion.Trim();
        if (currentVersion.Length == 0) problems.Add("current_version", "Missing: name the version you believe is in force, e.g. 2.3 (a guard against rolling back twice).");
        ChangeText.Check("reason", request.Reason, problems, "say why the version is rolled back, for the parties and the audit log.");
        problems.ThrowIfAny("Nothing was rolled back");

        ProtocolVersionRecord? restored = null;
        var history = await commit.CommitAsync((history, now) =>
        {
            var versions = history.Versions.Where(v => v.ProtocolId == id).ToList();
            var current = InForce(history, versions, id, now);
            RequireOwner(caller, current, "roll back");
            if (current.Version != currentVersion)
                throw Refused($"Version {current.Version} of protocol {id} is in force, not {currentVersion}: nothing was rolled back. Check the protocol and send the version in force.");
            var key = (current.EffectiveAt, current.PublishedAt);
            restored = versions
                .Where(v => v.PublishedAt is not null && v != current && v.Status != ProtocolTimeline.Retired && v.EffectiveAt <= now)
                .Where(v => Comparer<(DateTimeOffset?, DateTimeOffset?)>.Default.Compare((v.EffectiveAt, v.PublishedAt), key) < 0)
                .MaxBy(v => (v.EffectiveAt, v.PublishedAt))
                ?? throw Refused($"Protocol {id} had no version in force before {current.Version}: there is nothing to roll back to (retire it instead).");
            var rolledBack = current with { Status = ProtocolTimeline.Superseded, EndedAt = now, EndedReason = $"rolled back to version {restored.Version}: {request.Reason.Trim()}" };
            var back = restored with { Status = ProtocolTimeline.Published, EndedAt = null, EndedReason = "" };
            return new PlannedChange(new ProtocolChange(0, [rolledBack, back]),
                [ProtocolChangeCommit.AuditOf(AuditAction.ProtocolRollback, caller, back, $"rolled back from version {current.Version}", now)]);
        }, cancellationToken);
        return new RollbackProtocolResponse
        {
            Protocol = catalogue.Describe(history, id, restored!.Version),
            RolledBack = catalogue.Describe(history, id, currentVersion),
        };
    }

    private static ProtocolVersionRecord InForce(ProtocolHistory history, List<ProtocolVersionRecord> versions, string id, DateTimeOffset now) =>
        ProtocolTimeline.InForce(versions, now)
        ?? (versions.Count == 0
            ? throw new RpcException(new Status(StatusCode.NotFound, $"The hub holds no protocol {id}: check the id with 'intelhub protocol list'."))
            : throw Refused($"No version of protocol {id} is in force (it holds {StoredVersions.Held(history, id)})."));

    /// <summary>Only the owning agency's protocol owners move a protocol in and out of force (the owner proposed it).</summary>
    private static void RequireOwner(Caller caller, ProtocolVersionRecord version, string what)
    {
        if (version.ProposerAgency == caller.AgencyId) return;
        throw new RpcException(new Status(StatusCode.PermissionDenied,
            $"Protocol {version.ProtocolId} is owned by {version.ProposerAgency}: only its protocol owners {what} it, not {caller.AgencyId}."));
    }

    /// <summary>A stated time: null when unset (now); a time before now is refused.</summary>
    private static DateTimeOffset? ReadTime(Timestamp? stated, string field, DateTimeOffset received, FieldViolations problems)
    {
        if (stated is null) return null;
        if (stated.Seconds is < 0 or > 253_402_300_799 || stated.Nanos is < 0 or > 999_999_999)
        {
            problems.Add(field, "Not a valid time: give a UTC time between 1970 and 9999.");
            return null;
        }
        var at = stated.ToDateTimeOffset();
        if (at < received - ClockSkew)
            problems.Add(field, $"{at:u} is in the past (the hub's time is {received:u}): leave it unset for now, or give a later time.");
        return at;
    }

    private static RpcException Refused(string message) => new(new Status(StatusCode.FailedPrecondition, message));
}
