using IntelHub.Policy.Decisions;
using IntelHub.Policy.Publishing;

namespace IntelHub.Policy.Tests;

public sealed class PublishingTests : IDisposable
{
    private readonly PolicyFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void A_failed_reload_leaves_the_published_protocols_serving()
    {
        // Given a published set that permits force-b to view force-a's intelligence
        var set = new PolicySet();
        _files.WriteProtocol("p", PolicyFiles.Permit("le"));
        Assert.True(set.Reload(_files.Policies, PolicyFiles.Day).Succeeded);
        var published = set.Current!;

        // When the protocol is edited into a broken file and reloaded
        _files.Write("protocols/p.yaml", "id: p\nrules: [");
        var reload = set.Reload(_files.Policies, PolicyFiles.Day);

        // Then the reload reports the error, and the previous set keeps deciding
        Assert.False(reload.Succeeded);
        Assert.Same(published, set.Current);
        Assert.True(set.Decide(Requests.For(published, "force-b", "force-a")).IsPermit);
    }

    [Fact]
    public void A_successful_reload_swaps_in_the_new_set()
    {
        var set = new PolicySet();
        _files.WriteProtocol("p", PolicyFiles.Permit("le"));
        set.Reload(_files.Policies, PolicyFiles.Day);
        var before = set.Current!;

        _files.WriteProtocol("p", PolicyFiles.Permit("le", actions: "[receive]"));
        set.Reload(_files.Policies, PolicyFiles.Day);

        Assert.NotSame(before, set.Current);
        Assert.False(set.Decide(Requests.For(set.Current!, "force-b", "force-a", SharingAction.View)).IsPermit);
    }

    [Fact]
    public void Nothing_is_permitted_before_a_set_is_published()
    {
        var snapshot = _files.WriteProtocol("p", PolicyFiles.Permit("le")).Snapshot();
        var set = new PolicySet();

        Assert.False(set.Decide(Requests.For(snapshot, "force-b", "force-a")).IsPermit);
    }
}
