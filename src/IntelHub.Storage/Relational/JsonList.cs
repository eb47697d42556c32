using System.Text.Json;

namespace IntelHub.Storage.Relational;

/// <summary>Short string lists (handling conditions, obligations, approvers) kept as a JSON array in one text column: never queried into, only carried.</summary>
internal static class JsonList
{
    public static string Write(IReadOnlyList<string> values) => JsonSerializer.Serialize(values);

    public static IReadOnlyList<string> Read(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];
}
