using Google.Protobuf.Reflection;
using IntelHub.Contracts.V1;

namespace IntelHub.Contracts.Tests;

/// <summary>The view and classification model: what the shape of the messages makes impossible.</summary>
public sealed class DisclosureTests
{
    [Fact]
    public void No_enum_anywhere_can_carry_a_secret_or_top_secret_classification()
    {
        // Given every enum value in the public API
        var values = PublicApi.Enums.SelectMany(type => type.Values).Select(value => value.Name).ToList();

        // Then none can say SECRET or TOP SECRET: the hub is accredited to OFFICIAL-SENSITIVE only
        Assert.DoesNotContain(values, name => name.EndsWith("_SECRET", StringComparison.Ordinal) || name.Contains("TOP_SECRET", StringComparison.Ordinal));
    }

    [Fact]
    public void Classification_levels_are_official_and_official_sensitive_only()
    {
        // Given the classification level enum
        var levels = PublicApi.Enums.Single(type => type.Name == nameof(ClassificationLevel));

        // Then its only values are "not stated", OFFICIAL and OFFICIAL-SENSITIVE
        Assert.Equal(
            ["CLASSIFICATION_LEVEL_UNSPECIFIED", "CLASSIFICATION_LEVEL_OFFICIAL", "CLASSIFICATION_LEVEL_OFFICIAL_SENSITIVE"],
            levels.Values.Select(value => value.Name));
    }

    [Fact]
    public void Every_classification_field_is_typed_so_that_it_cannot_hold_free_text()
    {
        // Given every field whose name speaks of a classification or marking
        var fields = PublicApi.Fields
            .Where(field => field.Name.Contains("classification", StringComparison.Ordinal) || field.Name.Contains("marking", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(fields);

        // Then each is the Classification message, whose level is the closed enum above
        Assert.All(fields, field => Assert.Equal(PublicApi.Message("Classification"), field.MessageType));
        var level = PublicApi.Message("Classification").FindFieldByName("level");
        Assert.Equal(nameof(ClassificationLevel), level.EnumType.Name);
    }

    [Fact]
    public void Full_text_can_reach_a_recipient_only_inside_the_full_view()
    {
        // Given every message a disclosed item can contain, not following the FULL view's content
        var disclosed = PublicApi.Message("DisclosedItem");
        var outsideFull = PublicApi.Reachable(disclosed, field => field.MessageType != PublicApi.Message("FullContent"));

        // Then none of them has a full text field
        Assert.DoesNotContain(outsideFull, message => message.FindFieldByName("full_text") is not null);
        Assert.NotNull(PublicApi.Message("FullContent").FindFieldByName("full_text"));
    }

    [Fact]
    public void Each_disclosure_view_has_exactly_one_content_case()
    {
        // Given the content oneof of a disclosed item
        var content = PublicApi.Message("DisclosedItem").Oneofs.Single(oneof => oneof.Name == "content");
        var views = PublicApi.Enums.Single(type => type.Name == nameof(DisclosureView)).Values.Where(value => value.Number != 0);

        // Then every view a recipient can be given has its own case, named after the view
        Assert.Equal(
            views.Select(value => value.Name["DISCLOSURE_VIEW_".Length..].ToLowerInvariant()).Order(StringComparer.Ordinal),
            content.Fields.Select(field => field.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_disclosure_names_the_protocol_rule_that_permitted_it_and_its_obligations()
    {
        // Given the messages that tell a recipient what it was given or will be given
        string[] disclosures = ["DisclosedItem", "RoutedParty", "ExplainDecisionResponse"];

        foreach (var name in disclosures)
        {
            var message = PublicApi.Message(name);

            // Then each carries a view and the protocol id, version and rule behind the decision
            Assert.Equal(nameof(DisclosureView), message.FindFieldByName("view")?.EnumType?.Name);
            Assert.Equal(PublicApi.Message("DecisionBasis"), message.FindFieldByName("basis")?.MessageType);
        }
        Assert.Equal(
            ["protocol_id", "protocol_version", "rule_id"],
            PublicApi.Message("DecisionBasis").Fields.InDeclarationOrder().Select(field => field.Name));
        Assert.True(PublicApi.Message("DisclosedItem").FindFieldByName("obligations")?.IsRepeated);
    }

    [Fact]
    public void A_sanitised_item_round_trips_through_json_as_a_partner_case_system_sends_it()
    {
        // Given a sanitised disclosure as the hub would build it
        var item = new DisclosedItem
        {
            ItemId = "itm_01",
            Kind = ItemKind.Intelligence,
            View = DisclosureView.Sanitised,
            Sanitised = new SanitisedContent { SanitisedText = "Workers collected daily from a car wash in Cardiff." },
            Basis = new DecisionBasis { ProtocolId = "wales-partners-isp", ProtocolVersion = "3", RuleId = "council-safeguarding" },
        };

        // When it is written as JSON and read back
        var json = Google.Protobuf.JsonFormatter.Default.Format(item);
        var back = DisclosedItem.Parser.ParseJson(json);

        // Then it is the same item, its view names the content case, and no full text was carried
        Assert.Equal(item, back);
        Assert.Equal(DisclosedItem.ContentOneofCase.Sanitised, back.ContentCase);
        Assert.Contains("\"view\": \"DISCLOSURE_VIEW_SANITISED\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("fullText", json, StringComparison.Ordinal);
    }
}
