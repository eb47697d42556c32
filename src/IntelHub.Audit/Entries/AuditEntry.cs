namespace IntelHub.Audit.Entries;

/// <summary>
/// One audited event: who (agency and user) did what (action) to which item, with whom (counterparty),
/// under which protocol version and rule, for what purpose, and what was disclosed (as a digest).
/// Text fields are empty when they do not apply to the action. Values are checked as they are set,
/// so an entry that exists always encodes.
/// </summary>
public sealed record AuditEntry
{
    /// <summary>Largest UTF-8 size of any one text field, in bytes.</summary>
    public const int MaxFieldBytes = 4096;

    private readonly DateTimeOffset _time;
    private readonly AuditAction _action;
    private readonly string _agency = "";
    private readonly string _user = "";
    private readonly string _counterparty = "";
    private readonly string _itemId = "";
    private readonly string _view = "";
    private readonly string _decision = "";
    private readonly string _protocolId = "";
    private readonly string _protocolVersion = "";
    private readonly string _rule = "";
    private readonly string _purpose = "";
    private readonly string _traceId = "";
    private readonly string _justification = "";
    private readonly string _searchTerms = "";
    private readonly int? _resultCount;

    /// <summary>When it happened, in UTC, to the microsecond (the encoding's precision).</summary>
    public required DateTimeOffset Time
    {
        get => _time;
        init
        {
            var ticks = value.UtcTicks - (value.UtcTicks % 10);
            if (ticks < DateTimeOffset.UnixEpoch.UtcTicks)
            {
                throw new ArgumentOutOfRangeException(nameof(Time), value, "An audit time must not be before 1970-01-01T00:00:00Z.");
            }

            _time = new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>What happened.</summary>
    public required AuditAction Action
    {
        get => _action;
        init => _action = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Action), value, "Not a known audit action.");
    }

    /// <summary>The acting agency's id.</summary>
    public required string Agency
    {
        get => _agency;
        init => _agency = string.IsNullOrWhiteSpace(value)
            ? throw new ArgumentException("An audit entry must name the acting agency.", nameof(Agency))
            : Checked(value, nameof(Agency));
    }

    /// <summary>The acting user (subject of the caller's token); empty for the hub's own actions.</summary>
    public string User { get => _user; init => _user = Checked(value, nameof(User)); }

    /// <summary>The other agency: the recipient of a disclosure or delivery, the originator asked to decide.</summary>
    public string Counterparty { get => _counterparty; init => _counterparty = Checked(value, nameof(Counterparty)); }

    /// <summary>The item concerned.</summary>
    public string ItemId { get => _itemId; init => _itemId = Checked(value, nameof(ItemId)); }

    /// <summary>SHA-256 of the content disclosed, never the content.</summary>
    public ContentDigest? ContentDigest { get; init; }

    /// <summary>The view disclosed: full, sanitised, or exists (refer to originator).</summary>
    public string View { get => _view; init => _view = Checked(value, nameof(View)); }

    /// <summary>The decision: permit, deny, approve, refuse...</summary>
    public string Decision { get => _decision; init => _decision = Checked(value, nameof(Decision)); }

    /// <summary>The protocol that decided.</summary>
    public string ProtocolId { get => _protocolId; init => _protocolId = Checked(value, nameof(ProtocolId)); }

    /// <summary>The protocol's version.</summary>
    public string ProtocolVersion { get => _protocolVersion; init => _protocolVersion = Checked(value, nameof(ProtocolVersion)); }

    /// <summary>The rule within the protocol.</summary>
    public string Rule { get => _rule; init => _rule = Checked(value, nameof(Rule)); }

    /// <summary>The purpose the caller declared.</summary>
    public string Purpose { get => _purpose; init => _purpose = Checked(value, nameof(Purpose)); }

    /// <summary>The request's trace id, linking the entry to telemetry.</summary>
    public string TraceId { get => _traceId; init => _traceId = Checked(value, nameof(TraceId)); }

    /// <summary>The caller's own words for why a read was needed for its purpose (gets, searches, inbox reads).</summary>
    public string Justification { get => _justification; init => _justification = Checked(value, nameof(Justification)); }

    /// <summary>
    /// What a search looked for, as normalised terms (entity match keys, themes, areas, kinds, grades, period),
    /// never the text as typed.
    /// </summary>
    public string SearchTerms { get => _searchTerms; init => _searchTerms = Checked(value, nameof(SearchTerms)); }

    /// <summary>How many items a search disclosed; null for entries that are not a search.</summary>
    public int? ResultCount
    {
        get => _resultCount;
        init => _resultCount = value is null or >= 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ResultCount), value, "A result count cannot be negative.");
    }

    /// <summary>Whether the entry has any of the fields added after the first version of the layout (docs/audit.md, "Extension").</summary>
    public bool HasExtension => _justification.Length > 0 || _searchTerms.Length > 0 || _resultCount is not null;

    private static string Checked(string value, string field)
    {
        ArgumentNullException.ThrowIfNull(value, field);
        int bytes;
        try
        {
            bytes = AuditEntryEncoding.StrictUtf8.GetByteCount(value);
        }
        catch (System.Text.EncoderFallbackException)
        {
            throw new ArgumentException($"{field} is not valid Unicode text (it holds an unpaired surrogate).", field);
        }

        return bytes <= MaxFieldBytes
            ? value
            : throw new ArgumentException($"{field} is {bytes} bytes of UTF-8; the most an audit field holds is {MaxFieldBytes}.", field);
    }
}
