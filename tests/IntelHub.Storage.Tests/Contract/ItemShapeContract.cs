namespace IntelHub.Storage.Tests.Contract;

public abstract partial class HubStoreContract
{
    [Fact]
    public async Task Item_shapes_count_the_items_not_disposed_of_once_per_shape_with_their_themes_and_areas()
    {
        // Given two items of one shape, one of another grade and sanitised text, one with two themes, and one disposed of
        var (_, store) = await MigratedStoreAsync();
        await store.SubmitAsync(Sample.Submission(Sample.Item("item-1")), Token);
        await store.SubmitAsync(Sample.Submission(Sample.Item("item-2")), Token);
        await store.SubmitAsync(Sample.Submission(Sample.Item("item-3") with { Grading = "1AP", HandlingConditions = [], SanitisedText = null }), Token);
        await store.SubmitAsync(Sample.Submission(Sample.Item("item-4") with { Themes = ["labour/adult", "sexual/minor"] }), Token);
        await store.SubmitAsync(Sample.Submission(Sample.Item("item-5")), Token);
        await store.DisposeItemContentAsync("item-5", [Sample.AuditEntry("disposed item-5")], Token);

        // When the shapes are counted
        var shapes = await store.CountItemShapesAsync(Token);

        // Then each shape comes once with its count, every fact a decision reads is there, and the disposed item is not counted
        Assert.Equal(4, shapes.Sum(s => s.Count));
        var common = Assert.Single(shapes, s => s.Count == 2);
        Assert.Equal(("intelligence", Sample.Gwent, "OFFICIAL-SENSITIVE", "2BC", true), (common.Kind, common.OriginatorAgencyId, common.Classification, common.Grading, common.HasSanitisedText));
        Assert.Equal(["contact originator before action", "no onward dissemination"], common.HandlingConditions.Order(StringComparer.Ordinal));
        Assert.Equal(["criminal-offence"], common.PersonalDataCategories);
        Assert.Equal(["labour/adult"], common.Themes);
        Assert.Equal([Sample.NewportArea], common.Areas);
        var graded = Assert.Single(shapes, s => s.Grading == "1AP");
        Assert.Equal((1L, false, 0), (graded.Count, graded.HasSanitisedText, graded.HandlingConditions.Count));
        Assert.Equal(["labour/adult", "sexual/minor"], Assert.Single(shapes, s => s.Themes.Count == 2).Themes.Order(StringComparer.Ordinal));
    }
}
