using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using IntelHub.Contracts.V1;
using IntelHub.Server.Disclosures;
using IntelHub.Server.Validation;
using IntelHub.Storage;

namespace IntelHub.Server.Disseminations;

/// <summary>Dissemination requests between the store's words and the wire.</summary>
internal static class DisseminationWire
{
    private const string IdPrefix = "dsm-";
    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    public static string NewId() => IdPrefix + Guid.CreateVersion7().ToString("N", CultureInfo.InvariantCulture);

    /// <summary>Whether the text has the shape of an id the hub hands out (dsm- and 32 lower-case hex digits).</summary>
    public static bool IsId(string text) =>
        text.Length == IdPrefix.Length + 32 && text.StartsWith(IdPrefix, StringComparison.Ordinal)
        && text.AsSpan(IdPrefix.Length).IndexOfAnyExcept(LowerHex) < 0;

    public static string? ViewName(DisclosureView view) => view switch
    {
        DisclosureView.Full => "full",
        DisclosureView.Sanitised => "sanitised",
        _ => null,
    };

    public static string StatusName(DisseminationStatus status) => status switch
    {
        DisseminationStatus.Granted => DisseminationRecord.Granted,
        DisseminationStatus.Refused => DisseminationRecord.Refused,
        _ => DisseminationRecord.Pending,
    };

    public static Dissemination ToWire(DisseminationRecord record, DisclosureProjection agencies)
    {
        ArgumentNullException.ThrowIfNull(record);
        var wire = new Dissemination
        {
            DisseminationId = record.DisseminationId,
            ItemId = record.ItemId,
            Originator = agencies.Agency(record.OriginatorAgencyId),
            Requested = new Attribution { Agency = agencies.Agency(record.RequesterAgencyId), UserId = record.RequestedBy, At = Timestamp.FromDateTimeOffset(record.RequestedAt) },
            Purpose = new Purpose { PurposeId = record.PurposeId, Justification = record.Justification, CaseReference = record.CaseReference },
            RequestedView = WireView(record.RequestedView),
            Status = record.Status switch
            {
                DisseminationRecord.Granted => DisseminationStatus.Granted,
                DisseminationRecord.Refused => DisseminationStatus.Refused,
                _ => DisseminationStatus.Pending,
            },
            RefusalReason = record.RefusalReason ?? "",
            AuditLeafIndex = (ulong)record.AuditSequence,
        };
        if (record.DecidedAt is { } decidedAt)
            wire.Decided = new Attribution { Agency = agencies.Agency(record.OriginatorAgencyId), UserId = record.DecidedBy ?? "", At = Timestamp.FromDateTimeOffset(decidedAt) };
        if (record.GrantedView is { } granted) wire.GrantedView = WireView(granted);
        if (record.ExpiresAt is { } expires) wire.ExpiresAt = Timestamp.FromDateTimeOffset(expires);
        wire.Conditions.AddRange(record.Conditions.Select(DisclosureProjection.WireCondition));
        return wire;
    }

    private static DisclosureView WireView(string stored) => stored switch
    {
        "full" => DisclosureView.Full,
        "sanitised" => DisclosureView.Sanitised,
        _ => DisclosureView.ExistenceOnly,
    };

    /// <summary>
    /// A list's page token: where the previous page stopped (request time and id) and a fingerprint of the side and
    /// statuses it was for. It holds no secret: it only positions the caller within its own agency's list. Anything
    /// that is not such a token, or one for another side or statuses, is refused.
    /// </summary>
    public static string PageToken(DisseminationRecord last, ListDisseminationRequestsRequest request) =>
        PageTokenText.Encode(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"1|{last.RequestedAt.UtcTicks}|{last.DisseminationId}|{Fingerprint(request)}")));

    public static bool TryReadPageToken(ListDisseminationRequestsRequest request, out (DateTimeOffset RequestedAt, string DisseminationId)? before)
    {
        before = null;
        if (request.PageToken.Length == 0) return true;
        if (request.PageToken.Length > 200 || !PageTokenText.TryDecode(request.PageToken, out var bytes)) return false;
        var parts = Encoding.ASCII.GetString(bytes).Split('|');
        if (parts.Length != 4 || parts[0] != "1" || !IsId(parts[2]) || parts[3] != Fingerprint(request)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.UnixEpoch.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
            return false;
        before = (new DateTimeOffset(ticks, TimeSpan.Zero), parts[2]);
        return true;
    }

    private static string Fingerprint(ListDisseminationRequestsRequest request) =>
        string.Join('.', [(int)request.Side, .. request.Statuses.Select(s => (int)s).Order()]);
}
