using Google.Api;
using Google.Protobuf.Collections;
using Google.Protobuf.Reflection;

namespace IntelHub.Contracts.Tests;

/// <summary>The conventions protos/README.md promises every client, pinned over the whole API.</summary>
public sealed class ConventionTests
{
    public static TheoryData<string> AllEnums => [.. PublicApi.Enums.Select(type => type.FullName)];

    [Fact]
    public void The_public_api_is_compiled_from_every_proto_file()
    {
        // Given the files compiled into IntelHub.Contracts
        var names = PublicApi.Files.Select(file => file.Name);

        // Then each concern has its file, all in one package and C# namespace
        Assert.Equal(
            ["intelhub/v1/audit.proto", "intelhub/v1/common.proto", "intelhub/v1/dissemination.proto", "intelhub/v1/inbox.proto",
             "intelhub/v1/items.proto", "intelhub/v1/profiles.proto", "intelhub/v1/protocols.proto"],
            names);
        Assert.All(PublicApi.Files, file => Assert.Equal("IntelHub.Contracts.V1", file.GetOptions().CsharpNamespace));
    }

    [Theory]
    [MemberData(nameof(AllEnums))]
    public void Enum_zero_is_unspecified_and_every_value_carries_the_enum_prefix(string enumName)
    {
        // Given an enum of the public API
        var type = PublicApi.Enums.Single(candidate => candidate.FullName == enumName);
        var prefix = ScreamingSnake(type.Name) + "_";

        // Then its zero value means "not stated", so an unset field is never mistaken for a choice
        var zero = type.FindValueByNumber(0);
        Assert.NotNull(zero);
        Assert.Equal(prefix + "UNSPECIFIED", zero.Name);
        Assert.All(type.Values, value => Assert.StartsWith(prefix, value.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_list_and_search_rpc_pages_with_size_and_token()
    {
        // Given the RPCs that return collections a partner may page through
        var paged = PublicApi.Methods.Where(method => method.Name.StartsWith("List", StringComparison.Ordinal)
                                                      || method.Name.StartsWith("Search", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(paged);

        foreach (var method in paged)
        {
            // Then the request takes page_size and page_token, and the reply gives next_page_token
            Assert.Equal(FieldType.Int32, method.InputType.FindFieldByName("page_size")?.FieldType);
            Assert.Equal(FieldType.String, method.InputType.FindFieldByName("page_token")?.FieldType);
            Assert.Equal(FieldType.String, method.OutputType.FindFieldByName("next_page_token")?.FieldType);
        }
    }

    [Fact]
    public void Every_rpc_that_creates_something_takes_a_required_idempotency_key()
    {
        // Given the RPCs that store something new: a retry after a lost reply must not store it twice
        string[] creating = ["Submit", "Request", "Propose", "Compile"];
        var methods = PublicApi.Methods
            .Where(method => creating.Any(verb => method.Name.StartsWith(verb, StringComparison.Ordinal)))
            .ToList();
        Assert.Equal(5, methods.Count);

        foreach (var method in methods)
        {
            // Then each request has a required string idempotency_key
            var key = method.InputType.FindFieldByName("idempotency_key");
            Assert.True(key is not null, $"{method.FullName} has no idempotency_key");
            Assert.Equal(FieldType.String, key.FieldType);
            Assert.Contains(FieldBehavior.Required, Behaviours(key));
        }
    }

    [Theory]
    [InlineData("intelhub.v1.ReportService.GetItem")]
    [InlineData("intelhub.v1.ReportService.SearchItems")]
    [InlineData("intelhub.v1.InboxService.ListInbox")]
    [InlineData("intelhub.v1.InboxService.StreamInbox")]
    [InlineData("intelhub.v1.DisseminationService.RequestDissemination")]
    [InlineData("intelhub.v1.ProblemProfileService.CompileProblemProfile")]
    [InlineData("intelhub.v1.ProblemProfileService.GetProblemProfile")]
    public void Every_query_for_items_declares_a_required_purpose(string rpc)
    {
        // Given an RPC through which a user asks to see items
        var request = PublicApi.Method(rpc).InputType;

        // Then its request carries a Purpose, marked required, whose id and justification are required
        var purpose = request.FindFieldByName("purpose");
        Assert.True(purpose is not null, $"{rpc} declares no purpose");
        Assert.Equal(PublicApi.Message("Purpose"), purpose.MessageType);
        Assert.Contains(FieldBehavior.Required, Behaviours(purpose));
        Assert.Contains(FieldBehavior.Required, Behaviours(purpose.MessageType.FindFieldByName("purpose_id")));
        Assert.Contains(FieldBehavior.Required, Behaviours(purpose.MessageType.FindFieldByName("justification")));
    }

    [Fact]
    public void Every_instant_is_a_protobuf_timestamp()
    {
        // Given every field whose name says it is a moment in time
        var instants = PublicApi.Fields.Where(field => field.Name.EndsWith("_at", StringComparison.Ordinal) || field.Name == "at").ToList();
        Assert.NotEmpty(instants);

        // Then it is a google.protobuf.Timestamp, never a string or a number
        Assert.All(instants, field => Assert.Equal("google.protobuf.Timestamp", field.MessageType?.FullName));
    }

    private static RepeatedField<FieldBehavior> Behaviours(FieldDescriptor field) =>
        field.GetOptions()?.GetExtension(FieldBehaviorExtensions.FieldBehavior) ?? [];

    private static string ScreamingSnake(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));
}
