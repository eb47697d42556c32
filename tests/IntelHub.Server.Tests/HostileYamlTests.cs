using System.Text;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Server.Hosting;

namespace IntelHub.Server.Tests;

/// <summary>
/// YAML built to hurt the reader: nesting deep enough to overflow the stack, aliases that stand for
/// billions of values, documents with a finding on every line. Each is refused with a diagnostic the
/// author can act on, and the hub stays up.
/// </summary>
public sealed class HostileYamlTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    private static ProtocolService.ProtocolServiceClient Protocols(HubUser user) => new(user.Channel);

    [Fact]
    public async Task A_protocol_nested_100000_deep_is_refused_with_a_diagnostic_and_the_hub_keeps_serving()
    {
        await using var hub = await InProcessHub.StartAsync();
        var owner = Protocols(hub.As("wales-riu", UserRole.ProtocolOwner));

        var reply = await owner.ValidateProtocolAsync(new ValidateProtocolRequest { DocumentText = Nested(100_000) }, cancellationToken: Token);

        Assert.False(reply.Valid);
        var diagnostic = Assert.Single(reply.Diagnostics, d => d.Code == "too-large");
        Assert.Contains("nested more than 64 deep", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(4, (await owner.ListProtocolsAsync(new ListProtocolsRequest(), cancellationToken: Token)).Protocols.Count);
    }

    [Fact]
    public async Task An_alias_bomb_is_refused_before_it_is_expanded()
    {
        await using var hub = await InProcessHub.StartAsync();
        var owner = Protocols(hub.As("wales-riu", UserRole.ProtocolOwner));
        var bomb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level <= 9; level++)
            bomb.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 10))}]\n");

        var reply = await owner.ValidateProtocolAsync(new ValidateProtocolRequest { DocumentText = bomb.ToString() }, cancellationToken: Token);

        Assert.False(reply.Valid);
        var diagnostic = Assert.Single(reply.Diagnostics, d => d.Code == "too-large");
        Assert.Contains("aliases are expanded", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_with_a_finding_on_every_line_gets_a_capped_list_that_says_how_many_more()
    {
        await using var hub = await InProcessHub.StartAsync();
        var owner = Protocols(hub.As("wales-riu", UserRole.ProtocolOwner));
        var document = string.Concat(Enumerable.Range(0, 19_000).Select(i => $"k{i}: 1\n"));

        var reply = await owner.ValidateProtocolAsync(new ValidateProtocolRequest { DocumentText = document }, cancellationToken: Token);

        Assert.False(reply.Valid);
        Assert.Equal(201, reply.Diagnostics.Count);
        var last = reply.Diagnostics[^1];
        Assert.Equal("more-diagnostics", last.Code);
        Assert.Matches(@"^And \d+ more findings", last.Message);
        Assert.True(reply.CalculateSize() < 200_000, $"The reply is {reply.CalculateSize()} bytes.");
    }

    [Theory]
    [InlineData("protocols/deep.yaml")]
    [InlineData("areas.yaml")]
    public async Task Deeply_nested_YAML_in_the_policies_directory_stops_the_start_with_a_message_naming_the_file(string file)
    {
        var policies = PolicyReloadTests.CopyOfRepositoryPolicies();
        try
        {
            await File.WriteAllTextAsync(Path.Combine(policies, file), "areas: " + Nested(60_000), Token);

            var refused = await Assert.ThrowsAsync<HubConfigurationException>(() => InProcessHub.StartAsync($"Hub:PolicyDirectory={policies}"));

            Assert.Contains("nested more than 64 deep", refused.Message, StringComparison.Ordinal);
            Assert.Contains(Path.GetFileName(file), refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(policies, recursive: true);
        }
    }
}
