using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using IntelHub.Contracts.V1;
using IntelHub.Policy.Compilation;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Publishing;
using IntelHub.Server.Disclosures;
using IntelHub.Server.Validation;
using IntelHub.Storage;
using ContractItemKind = IntelHub.Contracts.V1.ItemKind;
using DomainItemKind = IntelHub.Domain.Items.ItemKind;

namespace IntelHub.Server.Sharing;

/// <summary>
/// Reads the protocols the hub decides by: the published set for what is in force, and the store's
/// record of every version it has published for the exact text and digest of any version an audit
/// entry names. Protocols are not secret between the parties, so nothing here depends on the caller.
/// </summary>
internal sealed class ProtocolCatalogue(PolicySet policies, IHubStore store, DisclosureProjection agencies, TimeProvider time)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
    public const int MaxReviewWindowDays = 3660;

    private PolicySnapshot Snapshot => policies.Current
        ?? throw new RpcException(new Status(StatusCode.Unavailable, "No sharing protocols are published yet; try again once the hub has loaded its policies directory."));

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public async Task<ListProtocolsResponse> ListAsync(ListProtocolsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = Snapshot;
        var problems = new FieldViolations();
        if (request.PageSize is < 0 or > MaxPageSize)
            problems.Add("page_size", $"Ask for 1 to {MaxPageSize} protocols a page, or 0 for {DefaultPageSize}.");
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
        var after = PageToken.Read(request, problems);
        problems.ThrowIfAny("The protocols were not listed");

        var recorded = await RecordedAsync(cancellationToken);
        var today = Today;
        var statuses = request.Statuses.Where(s => s != ProtocolStatus.Unspecified).ToHashSet();
        var matching = snapshot.Protocols
            .Where(p => party.Length == 0 || snapshot.PartiesOf(p).Contains(party))
            .Where(p => statuses.Count == 0 || statuses.Contains(StatusOn(p, today)))
            .Where(p => request.ReviewDueWithinDays == 0 || DaysToReview(p, today) <= request.ReviewDueWithinDays)
            .Where(p => after is null || string.CompareOrdinal(p.Id, after) > 0)
            .OrderBy(p => p.Id, StringComparer.Ordinal)
            .ToList();
        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var response = new ListProtocolsResponse();
        foreach (var protocol in matching.Take(size))
        {
            var version = Describe(snapshot, protocol, recorded.GetValueOrDefault((protocol.Id, protocol.Version)), StatusOn(protocol, today));
            version.DocumentText = "";
            response.Protocols.Add(version);
        }
        if (matching.Count > size) response.NextPageToken = PageToken.Write(request, matching[size - 1].Id);
        return response;
    }

    public async Task<GetProtocolResponse> GetAsync(GetProtocolRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new FieldViolations();
        var id = request.ProtocolId.Trim();
        if (id.Length == 0) problems.Add("protocol_id", "Missing: name the protocol by its id, e.g. wales-anti-trafficking-isp (ListProtocols shows every id).");
        problems.ThrowIfAny("No protocol was read");

        var snapshot = Snapshot;
        var recorded = await RecordedAsync(cancellationToken);
        var inForce = snapshot.Protocols.FirstOrDefault(p => p.Id == id);
        var versions = recorded.Values.Where(r => r.ProtocolId == id).ToList();
        if (inForce is null && versions.Count == 0)
        {
            var known = string.Join(", ", snapshot.Protocols.Select(p => p.Id).Order(StringComparer.Ordinal));
            throw new RpcException(new Status(StatusCode.NotFound, $"The hub has published no protocol '{id}'. Its protocols are: {known}."));
        }

        var wanted = request.Version.Trim();
        if (wanted.Length == 0 || wanted == inForce?.Version)
        {
            // The version the hub decides by; recorded at start, so its stored text is the text it decides by.
            if (inForce is not null)
                return new GetProtocolResponse { Protocol = Describe(snapshot, inForce, recorded.GetValueOrDefault((inForce.Id, inForce.Version)), StatusOn(inForce, Today)) };
            wanted = versions.MaxBy(v => v.RecordedAt)!.Version;
        }

        var record = versions.FirstOrDefault(v => v.Version == wanted);
        if (record is null)
        {
            var published = string.Join(", ", versions.OrderBy(v => v.RecordedAt).Select(v => v.Version));
            throw new RpcException(new Status(StatusCode.NotFound,
                $"Protocol {id} has no published version '{wanted}'. The hub has published: {published}. Leave version empty for the one in force."));
        }
        // A recorded version no longer in the published set was replaced by a later one (or its protocol was removed).
        return new GetProtocolResponse { Protocol = Describe(snapshot, null, record, ProtocolStatus.Superseded) };
    }

    /// <summary>Where a published version is on the given day: not yet effective, in force, or past its review date.</summary>
    public static ProtocolStatus StatusOn(CompiledProtocol protocol, DateOnly day) =>
        day < protocol.Effective ? ProtocolStatus.Scheduled
        : day > protocol.Review ? ProtocolStatus.OutOfDate
        : ProtocolStatus.InForce;

    /// <summary>Whole days from <paramref name="today"/> to the protocol's review date (its last day in force); negative once past.</summary>
    public static int DaysToReview(CompiledProtocol protocol, DateOnly today) => protocol.Review.DayNumber - today.DayNumber;

    private async Task<Dictionary<(string Id, string Version), ProtocolVersionRecord>> RecordedAsync(CancellationToken cancellationToken) =>
        (await store.ListProtocolVersionsAsync(cancellationToken)).ToDictionary(v => (v.ProtocolId, v.Version));

    /// <summary>
    /// One version on the wire: from the compiled protocol when it is in the published set (titles, parties and
    /// dates as compiled), else from the stored record alone; the text and digest always come from the record.
    /// </summary>
    private ProtocolVersion Describe(PolicySnapshot snapshot, CompiledProtocol? protocol, ProtocolVersionRecord? record, ProtocolStatus status)
    {
        var text = record?.DocumentText ?? protocol?.DocumentText ?? "";
        var digest = record?.DocumentDigest ?? PolicyPublisher.DigestOf(text);
        var version = new ProtocolVersion
        {
            ProtocolId = protocol?.Id ?? record!.ProtocolId,
            Version = protocol?.Version ?? record!.Version,
            Status = status,
            DocumentText = text,
            Digest = "sha256:" + digest,
        };
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
            version.DaysToReview = DaysToReview(protocol, Today);
            version.EffectiveAt = Timestamp.FromDateTime(protocol.Effective.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        }
        else if (record!.EffectiveAt is { } effective)
        {
            version.EffectiveAt = Timestamp.FromDateTimeOffset(effective);
        }

        if (record is not null)
            version.Proposed = new Attribution { Agency = protocol is null ? null : agencies.Agency(protocol.Owner), UserId = record.ProposedBy, At = Timestamp.FromDateTimeOffset(record.RecordedAt) };
        // Approvals are written into the document by the approvers' protocol owners before it is published;
        // the hub records which agencies approved, not who or when.
        var approvers = record?.ApprovedBy ?? protocol!.Approvers;
        version.Approvals.AddRange(approvers.Select(a => new ProtocolApproval { Agency = agencies.Agency(a), Approved = new Attribution { Agency = agencies.Agency(a) } }));
        return version;
    }

    /// <summary>Where the next page starts: the last protocol id listed, bound to the filters it was listed with.</summary>
    private static class PageToken
    {
        public static string Write(ListProtocolsRequest request, string lastId) =>
            PageTokenText.Encode(Encoding.UTF8.GetBytes(Filters(request) + "\n" + lastId));

        public static string? Read(ListProtocolsRequest request, FieldViolations problems)
        {
            if (request.PageToken.Length == 0) return null;
            var parts = PageTokenText.TryDecode(request.PageToken, out var bytes) ? Encoding.UTF8.GetString(bytes).Split('\n') : [];
            if (parts.Length == 2 && parts[0] == Filters(request) && parts[1].Length > 0) return parts[1];
            problems.Add("page_token", "Not a page token from this listing: send the next_page_token you were given, with every other field unchanged, or leave it empty for the first page.");
            return null;
        }

        private static string Filters(ListProtocolsRequest request) =>
            string.Join(',', request.Statuses.Select(s => (int)s)) + "|" + request.PartyAgencyId.Trim() + "|" + request.PageSize + "|" + request.ReviewDueWithinDays;
    }
}
