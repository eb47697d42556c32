using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static IntelHub.Server.Tests.SampleReports;

namespace IntelHub.Server.Tests;

/// <summary>
/// The partner RPCs over HTTPS/JSON (google.api.http transcoding), for clients that cannot speak
/// gRPC: the same mTLS agency certificate and bearer token, the same access checks, and gRPC
/// statuses mapped to HTTP ones.
/// </summary>
public sealed class JsonTranscodingTests
{
    private static readonly string[] AreaByName = ["Cardiff"];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_force_analyst_reads_and_finds_its_own_intelligence_as_JSON()
    {
        await using var hub = await InProcessHub.StartAsync();
        var itemId = (await hub.As("south-wales-police", UserRole.Submitter).Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-json-1"), cancellationToken: Token)).Receipt.ItemId;
        using var http = Https(hub, "south-wales-police", hub.TokenFor("south-wales-police", UserRole.Analyst));

        using var got = await http.GetAsync(new Uri($"/v1/items/{itemId}?purpose.purposeId=disrupt-trafficking&purpose.justification=JSON%20test", UriKind.Relative), Token);
        using var found = await http.PostAsJsonAsync(new Uri("/v1/items:search", UriKind.Relative), new
        {
            purpose = new { purposeId = "disrupt-trafficking", justification = "JSON test" },
            entities = new[] { new { type = "ENTITY_TYPE_PHONE_NUMBER", value = "+44 7700 900123" } },
        }, Token);

        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.StartsWith("application/json", got.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        using var item = JsonDocument.Parse(await got.Content.ReadAsStringAsync(Token));
        var disclosed = item.RootElement.GetProperty("item");
        Assert.Equal(itemId, disclosed.GetProperty("itemId").GetString());
        Assert.Equal("DISCLOSURE_VIEW_FULL", disclosed.GetProperty("view").GetString());
        Assert.Contains(SourceMarker, disclosed.GetProperty("full").GetProperty("fullText").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        using var page = JsonDocument.Parse(await found.Content.ReadAsStringAsync(Token));
        var result = Assert.Single(page.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(itemId, result.GetProperty("itemId").GetString());
    }

    [Fact]
    public async Task Without_a_bearer_token_the_JSON_gateway_answers_401_with_the_UNAUTHENTICATED_status()
    {
        await using var hub = await InProcessHub.StartAsync();
        using var http = Https(hub, "cardiff-council", bearerToken: null);

        using var response = await http.PostAsJsonAsync(new Uri("/v1/items:search", UriKind.Relative), new { purpose = new { purposeId = "safeguarding-victims", justification = "JSON test" } }, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        Assert.Equal((int)Grpc.Core.StatusCode.Unauthenticated, status.RootElement.GetProperty("code").GetInt32());
        Assert.Contains("bearer token", status.RootElement.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_partner_in_a_role_that_may_not_read_items_gets_403_and_the_refusal_is_audited()
    {
        await using var hub = await InProcessHub.StartAsync();
        var itemId = (await hub.As("south-wales-police", UserRole.Submitter).Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-json-2"), cancellationToken: Token)).Receipt.ItemId;
        using var http = Https(hub, "cardiff-council", hub.TokenFor("cardiff-council", UserRole.Auditor, user: "council-auditor"));
        var auditedBefore = await hub.Store.AuditCountAsync(Token);

        using var get = await http.GetAsync(new Uri($"/v1/items/{itemId}?purpose.purposeId=safeguarding-victims&purpose.justification=JSON%20test", UriKind.Relative), Token);
        using var search = await http.PostAsJsonAsync(new Uri("/v1/items:search", UriKind.Relative), new { purpose = new { purposeId = "safeguarding-victims", justification = "JSON test" } }, Token);

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, search.StatusCode);
        using var status = JsonDocument.Parse(await search.Content.ReadAsStringAsync(Token));
        Assert.Equal((int)Grpc.Core.StatusCode.PermissionDenied, status.RootElement.GetProperty("code").GetInt32());
        var denials = await AuditTrail.DenialsSinceAsync(hub, auditedBefore, Token);
        Assert.Equal(["deny:/intelhub.v1.ReportService/GetItem", "deny:/intelhub.v1.ReportService/SearchItems"],
            denials.Where(d => d.Agency == "cardiff-council" && d.User == "council-auditor").Select(d => d.Decision[..d.Decision.IndexOf(": ", StringComparison.Ordinal)]));
    }

    [Fact]
    public async Task A_request_that_breaks_a_rule_gets_400_with_its_field_violations_and_no_page_echoes_the_token()
    {
        await using var hub = await InProcessHub.StartAsync(HubSetup.Sqlite() with { Environment = "Development" });
        var token = hub.TokenFor("south-wales-police", UserRole.Analyst);
        using var http = Https(hub, "south-wales-police", token);

        using var response = await http.PostAsJsonAsync(new Uri("/v1/items:search", UriKind.Relative), new
        {
            purpose = new { purposeId = "disrupt-trafficking", justification = "JSON test" },
            areaGssCodes = AreaByName,
        }, Token);

        var body = await response.Content.ReadAsStringAsync(Token);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        using var status = JsonDocument.Parse(body);
        Assert.Equal((int)Grpc.Core.StatusCode.InvalidArgument, status.RootElement.GetProperty("code").GetInt32());
        var details = Assert.Single(status.RootElement.GetProperty("details").EnumerateArray());
        Assert.Equal("type.googleapis.com/google.rpc.BadRequest", details.GetProperty("@type").GetString());
        var violation = Assert.Single(details.GetProperty("fieldViolations").EnumerateArray());
        Assert.Equal("area_gss_codes[0]", violation.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("{\"purpose\": {\"purposeId\": ")]
    [InlineData("{\"purpose\": \"not an object\"}")]
    [InlineData("{\"pageSize\": \"many\"}")]
    [InlineData("[1, 2, 3]")]
    public async Task A_body_that_is_not_the_requests_JSON_gets_400_and_searches_nothing(string body)
    {
        await using var hub = await InProcessHub.StartAsync(HubSetup.Sqlite() with { Environment = "Development" });
        var token = hub.TokenFor("south-wales-police", UserRole.Analyst);
        using var http = Https(hub, "south-wales-police", token);
        var audited = await hub.Store.AuditCountAsync(Token);

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/v1/items:search", UriKind.Relative), content, Token);

        var reply = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {reply}");
        Assert.DoesNotContain(token, reply, StringComparison.Ordinal);
        Assert.DoesNotContain(await AuditTrail.EntriesSinceAsync(hub, audited, Token), e => e.Action == Audit.Entries.AuditAction.Search);
    }

    [Fact]
    public async Task The_justification_and_case_reference_of_a_JSON_GET_never_reach_the_hubs_log()
    {
        var log = new CapturedLog();
        await using var hub = await InProcessHub.StartAsync(HubSetup.Sqlite("Logging:LogLevel:Default=Trace") with { Services = services => services.AddSingleton<ILoggerProvider>(log) });
        var itemId = (await hub.As("south-wales-police", UserRole.Submitter).Reports.SubmitIntelligenceAsync(LabourIntelligence("swp-json-log"), cancellationToken: Token)).Receipt.ItemId;
        using var http = Https(hub, "south-wales-police", hub.TokenFor("south-wales-police", UserRole.Analyst));

        using var got = await http.GetAsync(new Uri($"/v1/items/{itemId}?purpose.purposeId=disrupt-trafficking&purpose.justification=Operation%20Nightjar%20tip-off&purpose.caseReference=NIGHTJAR-77", UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.NotEmpty(log.Lines);
        Assert.DoesNotContain(log.Lines, line => line.Contains("Nightjar", StringComparison.OrdinalIgnoreCase) || line.Contains("NIGHTJAR-77", StringComparison.Ordinal));
    }

    /// <summary>An HTTPS client as an agency's web application would be: its certificate, the hub's CA, and an optional bearer token.</summary>
    internal static HttpClient Https(InProcessHub hub, string agencyId, string? bearerToken)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [hub.Pki.ClientCertificateFor(agencyId, TimeProvider.System)];
        handler.SslOptions.RemoteCertificateValidationCallback = new TrustAnchor(hub.Pki.Authority).ServerValidation();
        var http = new HttpClient(handler) { BaseAddress = hub.Address };
        if (bearerToken is not null) http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        return http;
    }
}
