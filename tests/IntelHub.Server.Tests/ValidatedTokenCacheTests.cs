using IntelHub.Identity;

namespace IntelHub.Server.Tests;

/// <summary>
/// The validated-token cache must never accept what a fresh validation would refuse: an expired token, a token
/// changed in one byte, a token shown with another agency's certificate; and it must stay bounded.
/// </summary>
public sealed class ValidatedTokenCacheTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("intelhub-token-cache-").FullName;
    private readonly SettableClock _clock = new() { Now = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero) };
    private readonly DevelopmentTokenIssuer _issuer;

    public ValidatedTokenCacheTests() => _issuer = DevelopmentTokenIssuer.LoadOrCreate(_directory);

    private BearerTokenValidator Validator(int capacity = ValidatedTokenCache.DefaultCapacity) =>
        new([_issuer.AsTrustedIssuer()], _clock, BearerTokenValidator.DefaultMaxLifetime, capacity);

    private string TokenFor(string agency, TimeSpan lifetime, string user = "sw-17") =>
        _issuer.Issue(agency, user, UserRole.PartnerPractitioner, lifetime, _clock);

    [Fact]
    public async Task A_cached_token_is_refused_once_it_has_expired()
    {
        // Given a ten-minute token that validated and was cached
        var validator = Validator();
        var token = TokenFor("cardiff-council", TimeSpan.FromMinutes(10));
        Assert.NotNull((await validator.ValidateAsync("cardiff-council", token)).Caller);
        Assert.Equal(1, validator.CachedTokens);

        // When it is shown again at the last instant of its expiry plus the one-minute clock skew, then a tick after
        _clock.Advance(TimeSpan.FromMinutes(11));
        var inside = await validator.ValidateAsync("cardiff-council", token);
        _clock.Advance(TimeSpan.FromTicks(1));
        var (caller, problem) = await validator.ValidateAsync("cardiff-council", token);

        // Then it is accepted inside its validity and refused as expired after, although it was cached
        Assert.NotNull(inside.Caller);
        Assert.Null(caller);
        Assert.Contains("expired", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cached_token_altered_in_one_byte_is_refused()
    {
        // Given a token that validated and was cached
        var validator = Validator();
        var token = TokenFor("cardiff-council", TimeSpan.FromMinutes(10));
        Assert.NotNull((await validator.ValidateAsync("cardiff-council", token)).Caller);

        // When each of its three parts (header, claims, signature) is shown with one character changed
        var dots = new[] { 5, token.IndexOf('.', StringComparison.Ordinal) + 5, token.LastIndexOf('.') + 5 };
        foreach (var at in dots)
        {
            var altered = string.Concat(token.AsSpan(0, at), token[at] == 'A' ? "B" : "A", token.AsSpan(at + 1));
            var (caller, problem) = await validator.ValidateAsync("cardiff-council", altered);

            // Then it is refused: the cache knows only the exact token
            Assert.Null(caller);
            Assert.NotNull(problem);
        }
    }

    [Fact]
    public async Task A_cached_token_shown_with_another_agencys_certificate_is_refused()
    {
        // Given Cardiff's token, validated and cached
        var validator = Validator();
        var token = TokenFor("cardiff-council", TimeSpan.FromMinutes(10));
        Assert.NotNull((await validator.ValidateAsync("cardiff-council", token)).Caller);

        // When it is presented on a connection with Gwent Police's certificate
        var (caller, problem) = await validator.ValidateAsync("gwent-police", token);

        // Then it is refused as a token for another agency
        Assert.Null(caller);
        Assert.Contains("for agency 'cardiff-council'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cache_holds_no_more_tokens_than_its_capacity_and_expired_ones_make_room()
    {
        // Given a cache with room for two tokens, filled with two five-minute tokens
        var validator = Validator(capacity: 2);
        var tokens = Enumerable.Range(0, 4).Select(i => TokenFor("cardiff-council", TimeSpan.FromMinutes(5), $"user-{i}")).ToList();
        foreach (var token in tokens.Take(3)) Assert.NotNull((await validator.ValidateAsync("cardiff-council", token)).Caller);

        // Then a third live token is still accepted, but not cached
        Assert.Equal(2, validator.CachedTokens);

        // When the cached ones expire and a fresh token arrives
        _clock.Advance(TimeSpan.FromMinutes(7));
        var fresh = TokenFor("cardiff-council", TimeSpan.FromMinutes(5), "user-late");
        Assert.NotNull((await validator.ValidateAsync("cardiff-council", fresh)).Caller);

        // Then the expired entries gave their room to it
        Assert.Equal(1, validator.CachedTokens);
    }

    [Fact]
    public async Task A_forged_token_is_never_cached()
    {
        // Given a token signed by a key the hub does not trust, under the trusted issuer's name
        var validator = Validator();
        var forger = DevelopmentTokenIssuer.LoadOrCreate(Path.Combine(_directory, "forger"));
        var forged = forger.Issue("cardiff-council", "sw-17", UserRole.PartnerPractitioner, TimeSpan.FromMinutes(10), _clock);

        // When it is shown twice
        var first = await validator.ValidateAsync("cardiff-council", forged);
        var second = await validator.ValidateAsync("cardiff-council", forged);

        // Then it is refused both times and takes no room
        Assert.Null(first.Caller);
        Assert.Null(second.Caller);
        Assert.Equal(0, validator.CachedTokens);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A clock that moves only when told, to the tick: expiry is checked exactly, so the test must be exact too.</summary>
    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;

        public void Advance(TimeSpan by) => Now += by;
    }
}
