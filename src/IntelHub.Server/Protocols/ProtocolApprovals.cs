using Grpc.Core;
using IntelHub.Audit.Entries;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Server.Sharing;
using IntelHub.Server.Validation;
using IntelHub.Storage;

namespace IntelHub.Server.Protocols;

/// <summary>
/// An approver signs a proposed version off: a protocol owner of an agency the document names as an approver, for the
/// exact text they read (its digest). Each approval keeps the user, time, comment and digest, which the published version
/// carries as evidence; the version becomes APPROVED when every named approver has signed.
/// </summary>
internal sealed class ProtocolApprovals(ProtocolChangeCommit commit, ProtocolCatalogue catalogue)
{
    public async Task<ApproveProtocolVersionResponse> ApproveAsync(ApproveProtocolVersionRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var problems = new FieldViolations();
        var (id, version) = StoredVersions.ReadRef(request.ProtocolId, request.Version, problems);
        var digest = StoredVersions.ReadDigest(request.Digest, problems);
        ChangeText.Check("comment", request.Comment, problems, "", required: false);
        problems.ThrowIfAny("Nothing was approved");

        var history = await commit.CommitAsync((history, now) =>
        {
            var stored = StoredVersions.Find(history, id, version);
            if (!stored.ApprovedBy.Contains(caller.AgencyId))
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied,
                    $"Protocol {id} version {version} names {string.Join(", ", stored.ApprovedBy)} as approvers; {caller.AgencyId} is not one of them, so it cannot approve it."));
            }
            if (stored.Approvals.FirstOrDefault(a => a.AgencyId == caller.AgencyId) is { } given)
            {
                throw new RpcException(new Status(StatusCode.AlreadyExists,
                    $"{caller.AgencyId} already approved protocol {id} version {version} ({given.UserId}, {given.ApprovedAt:u}); an agency approves a version once."));
            }
            if (stored.PublishedAt is not null)
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Protocol {id} version {version} is already published; approvals are given before publication."));
            if (stored.DocumentDigest != digest)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition,
                    $"Protocol {id} version {version} has digest sha256:{stored.DocumentDigest}, not the sha256:{digest} you approved: read the stored text ('intelhub protocol show {id} --version {version}') and approve what you read."));
            }

            var approval = new ProtocolApprovalRecord(caller.AgencyId, caller.UserId, now, request.Comment.Trim(), digest);
            var complete = stored.ApprovedBy.All(a => a == caller.AgencyId || stored.Approvals.Any(given => given.AgencyId == a));
            var changed = stored with { Status = complete ? ProtocolTimeline.Approved : ProtocolTimeline.Proposed };
            return new PlannedChange(new ProtocolChange(0, [changed], approval, id, version),
                [ProtocolChangeCommit.AuditOf(AuditAction.ProtocolApproval, caller, stored, complete ? "approved: every approver has signed" : "approved", now)]);
        }, cancellationToken);
        return new ApproveProtocolVersionResponse { Protocol = catalogue.Describe(history, id, version) };
    }
}

/// <summary>Finding a stored version from a request's protocol id and version, with the refusals every change gives alike.</summary>
internal static class StoredVersions
{
    private const int MaxIdLength = 200;

    public static (string Id, string Version) ReadRef(string protocolId, string version, FieldViolations problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var id = ReadId(protocolId, problems);
        var wanted = version.Trim();
        if (wanted.Length == 0 || wanted.Length > MaxIdLength) problems.Add("version", "Missing: name the version as written in its document, e.g. 2.3.");
        return (id, wanted);
    }

    public static string ReadId(string protocolId, FieldViolations problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var id = protocolId.Trim();
        if (id.Length == 0 || id.Length > MaxIdLength)
            problems.Add("protocol_id", "Missing: name the protocol by its id, e.g. wales-anti-trafficking-isp (ListProtocols shows every id).");
        return id;
    }

    /// <summary>The 64 hex digits of a digest written as "sha256:..." or bare, in lower case; empty (with a problem) otherwise.</summary>
    public static string ReadDigest(string digest, FieldViolations problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var hex = digest.Trim();
        if (hex.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase)) hex = hex["sha256:".Length..];
        if (hex.Length == 64 && hex.All(char.IsAsciiHexDigit)) return hex.ToLowerInvariant();
        problems.Add("digest", "Send the digest of the document you read, as GetProtocol shows it: sha256: and 64 hex digits.");
        return "";
    }

    public static ProtocolVersionRecord Find(ProtocolHistory history, string id, string version) =>
        history.Versions.FirstOrDefault(v => v.ProtocolId == id && v.Version == version)
        ?? throw new RpcException(new Status(StatusCode.NotFound,
            $"The hub holds no version {version} of protocol {id}. It holds: {Held(history, id)}."));

    public static string Held(ProtocolHistory history, string id)
    {
        var versions = history.Versions.Where(v => v.ProtocolId == id).Select(v => v.Version).ToList();
        return versions.Count == 0 ? "no version of that protocol (check the id with 'intelhub protocol list')" : string.Join(", ", versions);
    }
}
