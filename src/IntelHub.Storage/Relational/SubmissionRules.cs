namespace IntelHub.Storage.Relational;

/// <summary>
/// What a submission must carry before anything is written. The server validates the domain; this guards the
/// store's own invariants (an inbox entry needs a view and the protocol rule that allowed it) with messages that
/// name the field.
/// </summary>
internal static class SubmissionRules
{
    public static readonly string[] ItemKinds = ["information", "intelligence", "product"];
    public static readonly string[] Views = ["full", "sanitised", "existence-only"];
    public static readonly string[] ProtocolStatuses = ["proposed", "approved", "published", "superseded", "retired"];

    public static void Check(Submission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var item = submission.Item ?? throw new ArgumentException("Submission.Item is missing.", nameof(submission));
        Required(item.ItemId, "Item.ItemId");
        OneOf(item.Kind, ItemKinds, "Item.Kind");
        Required(item.OriginatorAgencyId, "Item.OriginatorAgencyId");
        Required(item.SubmittedBy, "Item.SubmittedBy");
        Required(item.Classification, "Item.Classification");
        Required(item.ContentDigest, "Item.ContentDigest");
        if (item.ContentSalt is { Length: not 32 }) throw new ArgumentException("Item.ContentSalt must be 32 bytes (or absent).", nameof(submission));
        Required(submission.IdempotencyKey, "Submission.IdempotencyKey");
        if (item.DisposedAt is not null) throw new ArgumentException("Item.DisposedAt must be empty: a new item cannot arrive disposed.", nameof(submission));
        foreach (var entity in item.Entities)
        {
            Required(entity.Kind, "Item.Entities[].Kind");
            Required(entity.MatchKey, "Item.Entities[].MatchKey");
        }
        foreach (var theme in item.Themes) Required(theme, "Item.Themes[]");
        foreach (var area in item.Areas) Required(area, "Item.Areas[]");
        foreach (var route in submission.Routing)
        {
            Required(route.RecipientAgencyId, "Routing[].RecipientAgencyId");
            Required(route.Reasons, $"Routing[{route.RecipientAgencyId}].Reasons");
            if (!route.Permitted) continue;
            OneOf(route.View, Views, $"Routing[{route.RecipientAgencyId}].View");
            Required(route.ProtocolId, $"Routing[{route.RecipientAgencyId}].ProtocolId");
            Required(route.ProtocolVersion, $"Routing[{route.RecipientAgencyId}].ProtocolVersion");
            Required(route.RuleId, $"Routing[{route.RecipientAgencyId}].RuleId");
        }
    }

    public static void Check(ProtocolVersionRecord version)
    {
        ArgumentNullException.ThrowIfNull(version);
        Required(version.ProtocolId, "ProtocolId");
        Required(version.Version, "Version");
        Required(version.DocumentText, "DocumentText");
        Required(version.DocumentDigest, "DocumentDigest");
        OneOf(version.Status, ProtocolStatuses, "Status");
        Required(version.ProposedBy, "ProposedBy");
    }

    public static void Required(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{field} is required and was empty.", field);
    }

    private static void OneOf(string? value, string[] allowed, string field)
    {
        if (value is null || !allowed.Contains(value, StringComparer.Ordinal))
        {
            throw new ArgumentException($"{field} is '{value}'; it must be one of: {string.Join(", ", allowed)}.", field);
        }
    }
}
