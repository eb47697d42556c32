using System.Text;
using System.Text.Json;

namespace IntelHub.Storage.Tests.Contract;

/// <summary>Items, routing and audit entries as the hub would hand them to the store: Welsh agencies, areas and themes.</summary>
internal static class Sample
{
    public const string Gwent = "gwent-police";
    public const string Riu = "wales-riu";
    public const string Cardiff = "cardiff-council";
    public const string Bawso = "bawso";

    public const string CardiffArea = "W06000015";
    public const string NewportArea = "W06000022";

    public static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static StoredItem Item(string itemId, DateTimeOffset? createdAt = null) => new()
    {
        ItemId = itemId,
        Kind = "intelligence",
        OriginatorAgencyId = Gwent,
        SubmittedBy = "officer-4711",
        Classification = "OFFICIAL-SENSITIVE",
        Grading = "2BC",
        HandlingConditions = ["no onward dissemination", "contact originator before action"],
        Themes = ["labour/adult"],
        Areas = [NewportArea],
        OriginatorReference = $"GWP/{itemId}",
        PersonalDataCategories = ["criminal-offence"],
        OccurredFrom = Monday.AddDays(-10),
        OccurredTo = Monday.AddDays(-9),
        ReviewDate = new DateOnly(2032, 3, 2),
        CreatedAt = createdAt ?? Monday,
        Title = $"Car wash workers housed above premises ({itemId})",
        FullText = "Source reports six men living above the car wash on Commercial Road, passports held by the manager.",
        SanitisedText = "Workers at a Newport car wash may be housed on site with documents withheld.",
        SubjectDocument = Encoding.UTF8.GetBytes("""{"people":[{"role":"manager","name":"withheld"}],"places":["Commercial Road, Newport"]}"""),
        ContentDigest = Digest(itemId),
        ContentSalt = Salt(itemId),
        Entities = [new EntityKey("phone-number", "+447700900123", "07700 900123"), new EntityKey("vehicle", "CU19ABC", "CU19 ABC")],
    };

    public static byte[] Salt(string seed) => System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("salt:" + seed));

    public static string Digest(string seed) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    public static RoutingRecord Permit(string agencyId, string view = "full") =>
        new(agencyId, true, view, "wales-police-riu-isp", "3", "police-to-riu", ["no onward dissemination"], $"permitted: {agencyId} under police-to-riu");

    public static RoutingRecord Deny(string agencyId) =>
        new(agencyId, false, null, null, null, null, [], $"denied: no protocol in force covers {agencyId}");

    public static ReadOnlyMemory<byte> AuditEntry(string text) => Encoding.UTF8.GetBytes(text);

    public static Submission Submission(StoredItem item, string? idempotencyKey = null, params RoutingRecord[] routing) => new(
        item,
        idempotencyKey ?? $"key-{item.ItemId}",
        routing.Length == 0 ? [Permit(Riu), Permit(Cardiff, "sanitised"), Deny(Bawso)] : routing,
        [AuditEntry($"submitted {item.ItemId}"), AuditEntry($"routed {item.ItemId}")]);

    /// <summary>Every field, lists included, as JSON: two items are equal when these are.</summary>
    public static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
