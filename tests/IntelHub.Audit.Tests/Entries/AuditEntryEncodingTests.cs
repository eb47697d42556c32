using IntelHub.Audit.Entries;

namespace IntelHub.Audit.Tests.Entries;

public sealed class AuditEntryEncodingTests
{
    internal static AuditEntry Disclosure(int n = 0) => new()
    {
        Time = new DateTimeOffset(2026, 11, 23, 19, 22, 22, TimeSpan.Zero).AddTicks(1234560 + (n * 10)),
        Action = AuditAction.DisclosureByView,
        Agency = "gwent-police",
        User = "analyst.jones",
        Counterparty = "cardiff-council",
        ItemId = $"item-{n}",
        ContentDigest = ContentDigest.Of([1, 2, 3, (byte)n]),
        View = "sanitised",
        Decision = "permit",
        ProtocolId = "waspi-isp-modern-slavery",
        ProtocolVersion = "3",
        Rule = "partners-get-sanitised",
        Purpose = "safeguarding",
        TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
    };

    [Fact]
    public void Canonical_bytes_follow_the_documented_layout_field_by_field()
    {
        // Given an entry with a digest and a one-field-per-value shape
        var entry = new AuditEntry
        {
            Time = DateTimeOffset.UnixEpoch.AddTicks(10 * 258),
            Action = AuditAction.Delivery,
            Agency = "a",
            User = "é",
            ContentDigest = ContentDigest.FromBytes(Enumerable.Repeat((byte)0xAB, 32).ToArray()),
        };

        // When it is encoded
        var bytes = AuditEntryEncoding.Encode(entry);

        // Then the bytes are version, time in µs (big-endian int64), action code, then the fields in
        // the documented order, texts as uint16 big-endian length + UTF-8, digest as length + bytes
        byte[] expected =
        [
            1,
            0, 0, 0, 0, 0, 0, 1, 2,
            5,
            0, 1, (byte)'a',
            0, 2, 0xC3, 0xA9,
            0, 0,
            0, 0,
            32, .. Enumerable.Repeat((byte)0xAB, 32),
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Every_field_survives_a_round_trip()
    {
        var entry = Disclosure(7);
        Assert.Equal(entry, AuditEntryEncoding.Decode(AuditEntryEncoding.Encode(entry)));
    }

    [Fact]
    public void Entry_without_a_digest_round_trips_with_no_digest()
    {
        var entry = Disclosure() with { ContentDigest = null, Action = AuditAction.Denial };
        var decoded = AuditEntryEncoding.Decode(AuditEntryEncoding.Encode(entry));
        Assert.Null(decoded.ContentDigest);
        Assert.Equal(entry, decoded);
    }

    [Fact]
    public void Time_is_kept_to_the_microsecond_the_encoding_holds()
    {
        var entry = Disclosure() with { Time = DateTimeOffset.UnixEpoch.AddTicks(15) };
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(10), entry.Time);
    }

    [Theory]
    [InlineData(0, (byte)2, "byte 0: encoding version 2")]
    [InlineData(9, (byte)99, "byte 9: action code 99")]
    public void Corrupt_bytes_are_reported_with_their_position(int position, byte value, string expected)
    {
        var bytes = AuditEntryEncoding.Encode(Disclosure());
        bytes[position] = value;
        Assert.False(AuditEntryEncoding.TryDecode(bytes, out _, out var error));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_bytes_after_the_last_field_are_rejected()
    {
        byte[] bytes = [.. AuditEntryEncoding.Encode(Disclosure()), 0];
        Assert.False(AuditEntryEncoding.TryDecode(bytes, out _, out var error));
        Assert.Equal($"byte {bytes.Length - 1}: 1 bytes follow the last field", error);
    }

    [Fact]
    public void A_field_that_runs_past_the_end_is_named()
    {
        var bytes = AuditEntryEncoding.Encode(Disclosure());
        Assert.False(AuditEntryEncoding.TryDecode(bytes.AsSpan(0, 20), out _, out var error));
        Assert.Contains("agency", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_must_name_its_agency()
    {
        var error = Assert.Throws<ArgumentException>(() => Disclosure() with { Agency = " " });
        Assert.Contains("acting agency", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_fields_are_refused_with_their_size()
    {
        var error = Assert.Throws<ArgumentException>(() => Disclosure() with { Purpose = new string('x', AuditEntry.MaxFieldBytes + 1) });
        Assert.Contains("Purpose is 4097 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_extension_follows_the_trace_id_only_when_the_entry_has_one()
    {
        // Given an entry with every first-version field empty but its agency, and a justification, search terms and a count
        var entry = new AuditEntry
        {
            Time = DateTimeOffset.UnixEpoch,
            Action = AuditAction.Search,
            Agency = "a",
            Justification = "j",
            SearchTerms = "t",
            ResultCount = 258,
        };

        // When it is encoded
        var bytes = AuditEntryEncoding.Encode(entry);

        // Then the first-version fields come as before, then justification, search terms, the count flag and the count
        byte[] expected =
        [
            1,
            0, 0, 0, 0, 0, 0, 0, 0,
            14,
            0, 1, (byte)'a',
            0, 0,
            0, 0,
            0, 0,
            0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 1, (byte)'j',
            0, 1, (byte)'t',
            1, 0, 0, 1, 2,
        ];
        Assert.Equal(expected, bytes);
        Assert.Equal(entry, AuditEntryEncoding.Decode(bytes));
        // And an entry without them encodes exactly as the first version did
        Assert.Equal(bytes.Length - 11, AuditEntryEncoding.Encode(entry with { Justification = "", SearchTerms = "", ResultCount = null }).Length);
    }

    [Fact]
    public void A_search_that_disclosed_nothing_keeps_its_zero_count()
    {
        var entry = Disclosure() with { Action = AuditAction.Search, ContentDigest = null, SearchTerms = "phone-number:+447700900123", ResultCount = 0 };
        var decoded = AuditEntryEncoding.Decode(AuditEntryEncoding.Encode(entry));
        Assert.Equal(0, decoded.ResultCount);
        Assert.Equal(entry, decoded);
    }

    [Fact]
    public void An_empty_extension_is_not_canonical()
    {
        byte[] bytes = [.. AuditEntryEncoding.Encode(Disclosure()), 0, 0, 0, 0, 0];
        Assert.False(AuditEntryEncoding.TryDecode(bytes, out _, out var error));
        Assert.Equal($"byte {bytes.Length - 5}: the extension is empty; an entry without justification, search terms or result count has no extension", error);
    }
}
