using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Policy.Compilation;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Publishing;
using IntelHub.Server.Disclosures;
using IntelHub.Server.Protocols;
using IntelHub.Server.Validation;
using IntelHub.Storage;
using ContractItemKind = IntelHub.Contracts.V1.ItemKind;
using DomainItemKind = IntelHub.Domain.Items.ItemKind;

namespace IntelHub.Server.Sharing;

/// <summary>
/// Reads the protocols: every version the store holds, where each is in its life cycle (from the store's publication
/// and end times, <see cref="ProtocolTimeline"/>), with the title, parties and review date its document compiles to.
/// Protocols are not secret between the parties, so nothing here depends on the caller.
/// </summary>
internal sealed class ProtocolCatalogue(PolicySet policies, StoredProtocolSet protocols, IHubStore store, DisclosureProjection agencies, SearchCursor pageTokens, TimeProvider time)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
    public const int MaxReviewWindowDays = 3660;

    private PolicySnapshot Snapshot => policies.Current ?? throw NothingInForce();

    /// <summary>The answer while the hub has not yet compiled the protocols in force (during start-up).</summary>
    internal static RpcException NothingInForce() =>
        new(new Status(StatusCode.Unavailable, "The hub has not finished loading its sharing protocols; try again in a few seconds."));

    public async Task<ListProtocolsResponse> ListAsync(ListProtocolsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = Snapshot;
        var problems = new FieldViolations();
        if (request.PageSize is < 0 or > MaxPageSize)
            problems.Add("page_size", $"{request.PageSize} is not a page size: ask for 1 to {MaxPageSize} protocol versions a page (0, or leaving it out, gives {DefaultPageSize}).");
        for (var i = 0; i < request.Statuses.Count; i++)
        {
            if (!System.Enum.IsDefined(request.Statuses[i]))
                problems.Add($"statuses[{i}]", "Not a protocol status: use IN_FORCE, SCHEDULED, OUT_OF_DATE or another ProtocolStatus value.");
        }
        var party = request.PartyAgencyId.Trim();
        if (party.Length > 0 && !snapshot.Agency(party).IsKnown)
            problems.Add("party_agency_id", $"'{party}' is not an agency in the hub's register (policies/agencies.yaml): use an agency id such as cardiff-council, or leave it empty.");
        if (request.ReviewDueWithinDays is < 0 or > MaxReviewWindowDays)
            problems.Add("review_due_within_days", $"Give 1 to {MaxReviewWindowDays} days to list protocols whose review falls within them (or has passed), or 0 for no such filter.");
        var after = pageTokens.TryOpenProtocolPosition(request, out var position) ? position : null;
        if (request.PageToken.Length > 0 && after is null)
            problems.Add("page_token", "Not a page token this hub gave for this listing (altered, forged, from another hub, or sent with other filters): start again without a page token, and send each next_page_token back with every other field unchanged.");
        problems.ThrowIfAny("The protocols were not listed");

        var history = await store.ReadProtocolHistoryAsync(cancellationToken);
        var now = time.GetUtcNow();
        var statuses = request.Statuses.Where(s => s != ProtocolStatus.Unspecified).ToHashSet();
        // One flat list of versions, protocols by id and each protocol's versions as the store keeps them; a page is a
        // run of it, so a protocol with many versions spans pages.
        var matching = history.Versions
            .GroupBy(v => v.ProtocolId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => (request.AllVersions ? g.ToList() : [ProtocolTimeline.InForce(g, now) ?? g.First()])
                .Select(v => Describe(snapshot, v, g, now))
                .Where(v => party.Length == 0 || v.Parties.Any(p => p.AgencyId == party))
                .Where(v => statuses.Count == 0 || statuses.Contains(v.Status))
                .Where(v => request.ReviewDueWithinDays == 0 || (v.ReviewDate is not null && v.DaysToReview <= request.ReviewDueWithinDays)))
            .ToList();
        var start = after is { } last ? StartAfter(matching, last) : 0;
        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var response = new ListProtocolsResponse();
        foreach (var version in matching.Skip(start).Take(size))
        {
            version.DocumentText = "";
            response.Protocols.Add(version);
        }
        if (start + size < matching.Count)
        {
            var end = matching[start + size - 1];
            response.NextPageToken = pageTokens.SealProtocolPosition(request, (end.ProtocolId, end.Version));
        }
        return response;
    }

    /// <summary>
    /// Where the page after <paramref name="last"/> starts. When that version no longer matches (its status changed
    /// between pages), the next protocol's versions: nothing is listed twice and the listing always moves on.
    /// </summary>
    private static int StartAfter(List<ProtocolVersion> matching, (string ProtocolId, string Version) last)
    {
        var at = matching.FindIndex(v => v.ProtocolId == last.ProtocolId && v.Version == last.Version);
        if (at >= 0) return at + 1;
        var next = matching.FindIndex(v => string.CompareOrdinal(v.ProtocolId, last.ProtocolId) > 0);
        return next >= 0 ? next : matching.Count;
    }

    public async Task<GetProtocolResponse> GetAsync(GetProtocolRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new FieldViolations();
        var id = request.ProtocolId.Trim();
        if (id.Length == 0) problems.Add("protocol_id", "Missing: name the protocol by its id, e.g. wales-anti-trafficking-isp (ListProtocols shows every id).");
        problems.ThrowIfAny("No protocol was read");

        var history = await store.ReadProtocolHistoryAsync(cancellationToken);
        var versions = history.Versions.Where(r => r.ProtocolId == id).ToList();
        if (versions.Count == 0)
        {
            var known = string.Join(", ", history.Versions.Select(p => p.ProtocolId).Distinct().Order(StringComparer.Ordinal));
            throw new RpcException(new Status(StatusCode.NotFound, $"The hub holds no protocol '{id}'. Its protocols are: {known}."));
        }

        var now = time.GetUtcNow();
        var wanted = request.Version.Trim();
        var record = wanted.Length == 0 ? ProtocolTimeline.InForce(versions, now) ?? versions[0] : versions.FirstOrDefault(v => v.Version == wanted);
        if (record is null)
        {
            var held = string.Join(", ", versions.OrderBy(v => v.RecordedAt).Select(v => v.Version));
            throw new RpcException(new Status(StatusCode.NotFound,
                $"Protocol {id} has no version '{wanted}'. The hub holds: {held}. Leave version empty for the one in force."));
        }
        return new GetProtocolResponse { Protocol = Describe(Snapshot, record, versions, now) };
    }

    /// <summary>A stored version as it stands now, for the reply to a change (<see cref="ProtocolChangeCommit"/>).</summary>
    public ProtocolVersion Describe(ProtocolHistory history, string protocolId, string version)
    {
        ArgumentNullException.ThrowIfNull(history);
        var versions = history.Versions.Where(v => v.ProtocolId == protocolId).ToList();
        return Describe(Snapshot, versions.First(v => v.Version == version), versions, time.GetUtcNow());
    }

    /// <summary>Whole days from <paramref name="today"/> to the protocol's review date (its last day in force); negative once past.</summary>
    public static int DaysToReview(CompiledProtocol protocol, DateOnly today) => protocol.Review.DayNumber - today.DayNumber;

    /// <summary>
    /// One version on the wire: its text, digest and life cycle from the store, and what its document says (title, owner,
    /// parties, cover, review date) as compiled beside the set in force.
    /// </summary>
    private ProtocolVersion Describe(PolicySnapshot snapshot, ProtocolVersionRecord record, IEnumerable<ProtocolVersionRecord> versionsOfItsProtocol, DateTimeOffset now)
    {
        var protocol = protocols.Describe(record, snapshot, DateOnly.FromDateTime(now.UtcDateTime));
        var version = new ProtocolVersion
        {
            ProtocolId = record.ProtocolId,
            Version = record.Version,
            Status = ProtocolTimeline.StatusOf(record, versionsOfItsProtocol, now, protocol?.Review),
            DocumentText = record.DocumentText,
            Digest = "sha256:" + record.DocumentDigest,
            ChangeNote = record.ChangeNote,
            EndedReason = record.EndedAt is { } ended && ended <= now ? record.EndedReason : "",
        };
        var owner = protocol?.Owner ?? record.ProposerAgency;
        if (protocol is not null)
        {
            version.Title = protocol.Title;
            version.Owner = agencies.Agency(protocol.Owner);
            version.Parties.AddRange(snapshot.PartiesOf(protocol).Select(agencies.Agency));
            foreach (var (kind, wire) in new[] { (DomainItemKind.Information, ContractItemKind.Information), (DomainItemKind.Intelligence, ContractItemKind.Intelligence), (DomainItemKind.Product, ContractItemKind.Product) })
            {
                if (protocol.CoversKind(kind)) version.Covers.Add(wire);
            }
            version.ReviewDate = new Google.Type.Date { Year = protocol.Review.Year, Month = protocol.Review.Month, Day = protocol.Review.Day };
            version.DaysToReview = DaysToReview(protocol, DateOnly.FromDateTime(now.UtcDateTime));
        }
        else if (owner.Length > 0)
        {
            version.Owner = agencies.Agency(owner);
        }

        if (record.EffectiveAt is { } effective && record.PublishedAt is not null) version.EffectiveAt = Timestamp.FromDateTimeOffset(effective);
        if (record.EndedAt is { } end) version.EndedAt = Timestamp.FromDateTimeOffset(end);
        version.Proposed = Attribution(record.ProposerAgency.Length > 0 ? record.ProposerAgency : owner, record.ProposedBy, record.RecordedAt);
        if (record.PublishedAt is { } published) version.Published = Attribution(record.PublishedAgency, record.PublishedBy, published);
        // Each approver named in the document, with the sign-off the store keeps as evidence, or outstanding.
        foreach (var approver in record.ApprovedBy)
        {
            var given = record.Approvals.FirstOrDefault(a => a.AgencyId == approver);
            version.Approvals.Add(given is null
                ? new ProtocolApproval { Agency = agencies.Agency(approver) }
                : new ProtocolApproval { Agency = agencies.Agency(approver), Approved = Attribution(approver, given.UserId, given.ApprovedAt), Comment = given.Comment });
        }
        return version;
    }

    private Attribution Attribution(string agency, string user, DateTimeOffset at) =>
        new() { Agency = agency.Length > 0 ? agencies.Agency(agency) : null, UserId = user, At = Timestamp.FromDateTimeOffset(at) };
}
