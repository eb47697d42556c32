using Google.Protobuf.WellKnownTypes;

namespace IntelHub.Server.Validation;

/// <summary>
/// A google.protobuf.Timestamp from a request, checked before it is converted: Google.Protobuf throws on
/// seconds outside 0001-01-01..9999-12-31 or nanos outside a second, which would answer UNKNOWN.
/// </summary>
internal static class TimestampField
{
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    public static bool IsValid(Timestamp timestamp) =>
        timestamp.Seconds is >= MinSeconds and <= MaxSeconds && timestamp.Nanos is >= 0 and <= 999_999_999;

    /// <summary>The time, or null: unset, or (with a violation on <paramref name="field"/>) out of range.</summary>
    public static DateTimeOffset? Read(Timestamp? timestamp, string field, FieldViolations problems)
    {
        if (timestamp is null) return null;
        if (IsValid(timestamp)) return timestamp.ToDateTimeOffset();
        problems.Add(field, "Not a valid time: give a time between the years 1 and 9999 (RFC 3339, e.g. 2026-03-01T18:00:00Z).");
        return null;
    }
}
