using Google.Api;
using Google.Protobuf.Reflection;

namespace IntelHub.Contracts.Tests;

public sealed class ApiSurfaceTests
{
    // The services and RPCs the design fixes (architecture.md, the API issue): the server implements
    // exactly these, so an RPC added, renamed or dropped must be a deliberate change here too.
    private static readonly Dictionary<string, string[]> ExpectedServices = new()
    {
        ["intelhub.v1.ReportService"] = ["SubmitInformation", "SubmitIntelligence", "GetItem", "SearchItems"],
        ["intelhub.v1.InboxService"] = ["StreamInbox", "ListInbox", "Acknowledge"],
        ["intelhub.v1.DisseminationService"] = ["RequestDissemination", "ListDisseminationRequests", "DecideDissemination"],
        ["intelhub.v1.ProtocolService"] =
        [
            "ListProtocols", "GetProtocol", "ProposeProtocolVersion", "ValidateProtocol",
            "ApproveProtocolVersion", "PublishProtocolVersion", "RetireProtocol", "RollbackProtocol", "GetProtocolImpact", "ExplainDecision",
        ],
        ["intelhub.v1.AuditService"] = ["GetCheckpoint", "GetEntries", "GetInclusionProof", "GetConsistencyProof"],
        ["intelhub.v1.ProblemProfileService"] = ["CompileProblemProfile", "GetProblemProfile"],
    };

    // The RPCs on the HTTPS/JSON surface, with their routes: what a council's case system calls, and the problem-profile
    // pair issue 12 puts there (compile for the RIU's systems; get, which serves partners their release).
    private static readonly Dictionary<string, (string Verb, string Path, string Body)> PartnerRoutes = new()
    {
        ["intelhub.v1.ReportService.GetItem"] = ("get", "/v1/items/{item_id}", ""),
        ["intelhub.v1.ReportService.SearchItems"] = ("post", "/v1/items:search", "*"),
        ["intelhub.v1.InboxService.ListInbox"] = ("get", "/v1/inbox", ""),
        ["intelhub.v1.InboxService.Acknowledge"] = ("post", "/v1/inbox:acknowledge", "*"),
        ["intelhub.v1.DisseminationService.RequestDissemination"] = ("post", "/v1/disseminations", "*"),
        ["intelhub.v1.DisseminationService.ListDisseminationRequests"] = ("get", "/v1/disseminations", ""),
        ["intelhub.v1.ProblemProfileService.CompileProblemProfile"] = ("post", "/v1/profiles:compile", "*"),
        ["intelhub.v1.ProblemProfileService.GetProblemProfile"] = ("get", "/v1/profiles/{profile_id}", ""),
    };

    public static TheoryData<string> PartnerRpcs => [.. PartnerRoutes.Keys];

    public static TheoryData<string> AllRpcs => [.. PublicApi.Methods.Select(method => method.FullName)];

    [Fact]
    public void Every_service_the_architecture_names_is_present_with_exactly_its_rpcs()
    {
        // Given the compiled public API
        var actual = PublicApi.Services.ToDictionary(
            service => service.FullName,
            service => service.Methods.Select(method => method.Name).Order(StringComparer.Ordinal).ToArray());

        // Then it has the designed services, each with the designed RPCs and no others
        Assert.Equal(ExpectedServices.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (service, rpcs) in ExpectedServices)
        {
            Assert.Equal(rpcs.Order(StringComparer.Ordinal), actual[service]);
        }
    }

    [Theory]
    [MemberData(nameof(PartnerRpcs))]
    public void Partner_rpc_is_reachable_over_https_json_at_its_route(string rpc)
    {
        // Given an RPC a partner agency calls
        var method = PublicApi.Method(rpc);
        var (verb, path, body) = PartnerRoutes[rpc];

        // When its http annotation is read
        var http = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);

        // Then it has the designed verb, path and body
        Assert.NotNull(http);
        var actualPath = verb == "get" ? http.Get : http.Post;
        Assert.Equal(verb == "get" ? HttpRule.PatternOneofCase.Get : HttpRule.PatternOneofCase.Post, http.PatternCase);
        Assert.Equal(path, actualPath);
        Assert.Equal(body, http.Body);
        Assert.Empty(http.AdditionalBindings);
    }

    [Theory]
    [MemberData(nameof(PartnerRpcs))]
    public void Partner_route_variables_name_fields_of_the_request(string rpc)
    {
        // Given a partner RPC's route
        var method = PublicApi.Method(rpc);
        var http = method.GetOptions().GetExtension(AnnotationsExtensions.Http);
        var path = http.PatternCase == HttpRule.PatternOneofCase.Get ? http.Get : http.Post;

        // When the {variables} in it are taken out
        var variables = path.Split('{', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(part => part[..part.IndexOf('}', StringComparison.Ordinal)]);

        // Then each is a top-level string field of the request, as transcoding requires
        foreach (var variable in variables)
        {
            var field = method.InputType.FindFieldByName(variable);
            Assert.True(field is not null, $"{rpc}: route variable {{{variable}}} is not a field of {method.InputType.Name}");
            Assert.Equal(FieldType.String, field.FieldType);
        }
    }

    [Theory]
    [MemberData(nameof(AllRpcs))]
    public void Only_partner_rpcs_are_exposed_over_https_json(string rpc)
    {
        // Given any RPC of the public API
        var method = PublicApi.Method(rpc);

        // When its options are read
        var hasHttp = method.GetOptions()?.HasExtension(AnnotationsExtensions.Http) ?? false;

        // Then it carries an http annotation exactly when a partner calls it
        Assert.Equal(PartnerRoutes.ContainsKey(rpc), hasHttp);
    }

    [Fact]
    public void Inbox_is_a_server_stream_and_every_other_rpc_is_unary()
    {
        // Given every RPC of the public API
        var streaming = PublicApi.Methods.Where(method => method.IsServerStreaming || method.IsClientStreaming);

        // Then the only stream is the inbox, server to client
        var inbox = Assert.Single(streaming);
        Assert.Equal("intelhub.v1.InboxService.StreamInbox", inbox.FullName);
        Assert.True(inbox.IsServerStreaming);
        Assert.False(inbox.IsClientStreaming);
    }

    [Fact]
    public void Every_service_has_a_generated_server_base_and_client()
    {
        // Given the services in the descriptors and the generated code
        var assembly = typeof(V1.ReportService).Assembly;

        foreach (var service in PublicApi.Services)
        {
            // When the generated static class for the service is found
            var generated = assembly.GetType($"IntelHub.Contracts.V1.{service.Name}");
            Assert.True(generated is not null, $"no generated class for {service.FullName}");

            // Then it holds both a server base and a client (GrpcServices="Both")
            Assert.NotNull(generated.GetNestedType($"{service.Name}Base"));
            Assert.NotNull(generated.GetNestedType($"{service.Name}Client"));
        }
    }
}
