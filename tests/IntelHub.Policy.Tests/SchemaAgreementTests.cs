using System.Reflection;
using System.Text.Json;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Documents;

namespace IntelHub.Policy.Tests;

/// <summary>The JSON Schema files in policies/schema/ (for editors) and the loader accept the same keys and words.</summary>
public sealed class SchemaAgreementTests
{
    private static readonly (string Shape, string File, string Definition)[] ShapeTable =
    [
        (nameof(Shapes.AgenciesFile), "agencies.schema.json", ""),
        (nameof(Shapes.Agency), "agencies.schema.json", "agency"),
        (nameof(Shapes.Role), "agencies.schema.json", "role"),
        (nameof(Shapes.AreasFile), "areas.schema.json", ""),
        (nameof(Shapes.Area), "areas.schema.json", "area"),
        (nameof(Shapes.Protocol), "protocol.schema.json", ""),
        (nameof(Shapes.Purpose), "protocol.schema.json", "purpose"),
        (nameof(Shapes.Retention), "protocol.schema.json", "retention"),
        (nameof(Shapes.CategoryRetention), "protocol.schema.json", "categoryRetention"),
        (nameof(Shapes.LegalBasis), "protocol.schema.json", "legalBasis"),
        (nameof(Shapes.Party), "protocol.schema.json", "party"),
        (nameof(Shapes.Rule), "protocol.schema.json", "rule"),
        (nameof(Shapes.Conditions), "protocol.schema.json", "conditions"),
        (nameof(Shapes.TestsFile), "policy-tests.schema.json", ""),
        (nameof(Shapes.Test), "policy-tests.schema.json", "test"),
        (nameof(Shapes.Expectation), "policy-tests.schema.json", "expectation"),
        (nameof(Shapes.Request), "request.schema.json", ""),
        (nameof(Shapes.Requester), "request.schema.json", "requester"),
        (nameof(Shapes.Item), "request.schema.json", "item"),
        (nameof(Shapes.Theme), "request.schema.json", "theme"),
    ];

    private static readonly (string Vocabulary, string Definition)[] VocabularyTable =
    [

        (nameof(Words.AgencyKinds), "agencyKind"),
        (nameof(Words.ProtocolKinds), "protocolKind"),
        (nameof(Words.ItemKinds), "itemKind"),
        (nameof(Words.Actions), "action"),
        (nameof(Words.Effects), "effect"),
        (nameof(Words.Views), "view"),
        (nameof(Words.Obligations), "obligation"),
        (nameof(Words.DataSubjectRequirements), "dataSubjectRequirement"),
        (nameof(Words.LegalArticles), "legalArticle"),
        (nameof(Words.HandlingCodes), "handlingCode"),
        (nameof(Words.HandlingConditions), "handlingCondition"),
        (nameof(Words.LegacyHandlings), "legacyHandling"),
        (nameof(Words.Classifications), "classification"),
        (nameof(Words.RequestClassifications), "requestClassification"),
        (nameof(Words.Exploitation), "exploitation"),
        (nameof(Words.AgeGroups), "victims"),
        (nameof(Words.PersonalData), "personalData"),
        (nameof(Words.ItemPersonalData), "itemPersonalData"),
        (nameof(Words.Reasons), "reason"),
    ];

    public static TheoryData<string, string, string> ShapeLocations => new(ShapeTable.Select(t => (t.Shape, t.File, t.Definition)));

    public static TheoryData<string, string> VocabularyLocations => new(VocabularyTable.Select(t => (t.Vocabulary, t.Definition)));

    private static JsonElement Schema(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Policies, "schema", file))).RootElement.Clone();

    [Theory]
    [MemberData(nameof(ShapeLocations))]
    public void Schema_object_has_exactly_the_keys_the_loader_accepts(string shapeName, string file, string definition)
    {
        var shape = (Shape)typeof(Shapes).GetField(shapeName)!.GetValue(null)!;
        var schema = Schema(file);
        var node = definition.Length == 0 ? schema : schema.GetProperty("$defs").GetProperty(definition);

        var properties = node.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        var required = node.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal);

        Assert.Equal(shape.Keys.Order(StringComparer.Ordinal), properties);
        Assert.Equal(shape.Required.Order(StringComparer.Ordinal), required);
        Assert.False(node.GetProperty("additionalProperties").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(VocabularyLocations))]
    public void Schema_enumeration_lists_exactly_the_words_the_loader_accepts(string vocabularyName, string definition)
    {
        var vocabulary = typeof(Words).GetField(vocabularyName)!.GetValue(null)!;
        var words = (IEnumerable<string>)vocabulary.GetType().GetProperty("Words")!.GetValue(vocabulary)!;

        var schemaWords = Schema("vocabulary.schema.json").GetProperty("$defs").GetProperty(definition).GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);

        Assert.Equal(words.Order(StringComparer.Ordinal), schemaWords.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_shape_and_vocabulary_has_a_place_in_the_schema()
    {
        var shapes = typeof(Shapes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name);
        var vocabularies = typeof(Words).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name);

        Assert.Equal(shapes.Order(StringComparer.Ordinal), ShapeTable.Select(t => t.Shape).Order(StringComparer.Ordinal));
        Assert.Equal(vocabularies.Order(StringComparer.Ordinal), VocabularyTable.Select(t => t.Vocabulary).Order(StringComparer.Ordinal));
    }
}
