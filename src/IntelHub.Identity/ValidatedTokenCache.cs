using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace IntelHub.Identity;

/// <summary>
/// Callers whose bearer tokens have passed validation, so that a client sending the same token on every call pays
/// for the signature check once per token, not once per call. An entry is keyed by the SHA-256 of the certificate's
/// agency and the token's exact text (a token altered in any byte, or presented with another agency's certificate,
/// misses and is validated in full), lives no longer than the token would still validate, and the cache holds at
/// most <see cref="Capacity"/> entries. Only tokens that validated are cached: a forged token costs its sender the
/// full check every time and takes no room.
/// </summary>
/// <remarks>
/// Issuers and their keys are read at the hub's start, and the cache belongs to the validator built from them, so a
/// rotated or withdrawn issuer key (a restart) starts with an empty cache. The hub has no token revocation list:
/// tokens are short-lived (Hub:Identity:MaxTokenLifetime), and a cached token is accepted exactly as long as a
/// fresh validation would accept it.
/// </remarks>
public sealed class ValidatedTokenCache(TimeProvider time, int capacity = ValidatedTokenCache.DefaultCapacity)
{
    /// <summary>Enough for every user of a national deployment holding a token at once.</summary>
    public const int DefaultCapacity = 100_000;

    private readonly ConcurrentDictionary<TokenHash, Entry> _entries = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The cache needs room for at least one token.");

    /// <summary>The number of tokens held (expired ones stay until room is needed).</summary>
    public int Count => _entries.Count;

    /// <summary>The caller a token validated as, while it is still within its validity; null otherwise.</summary>
    public Caller? Find(string certificateAgencyId, string token)
    {
        var key = TokenHash.Of(certificateAgencyId, token);
        if (!_entries.TryGetValue(key, out var entry)) return null;
        if (time.GetUtcNow() <= entry.ValidUntil) return entry.Caller;
        _entries.TryRemove(KeyValuePair.Create(key, entry));
        return null;
    }

    /// <summary>Remembers a validated token's caller until <paramref name="validUntil"/>, the last instant validation would accept it.</summary>
    public void Add(string certificateAgencyId, string token, Caller caller, DateTimeOffset validUntil)
    {
        if (_entries.Count >= Capacity)
        {
            RemoveExpired();
            // Full of live tokens: this one is validated in full each time until room frees up.
            if (_entries.Count >= Capacity) return;
        }
        _entries[TokenHash.Of(certificateAgencyId, token)] = new Entry(caller, validUntil);
    }

    private void RemoveExpired()
    {
        var now = time.GetUtcNow();
        foreach (var (key, entry) in _entries)
        {
            if (now > entry.ValidUntil) _entries.TryRemove(KeyValuePair.Create(key, entry));
        }
    }

    private sealed record Entry(Caller Caller, DateTimeOffset ValidUntil);

    /// <summary>SHA-256 of the agency id, a zero byte and the token, as two 128-bit halves.</summary>
    private readonly record struct TokenHash(UInt128 High, UInt128 Low)
    {
        public static TokenHash Of(string certificateAgencyId, string token)
        {
            var length = Encoding.UTF8.GetMaxByteCount(certificateAgencyId.Length + 1 + token.Length);
            var buffer = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                var written = Encoding.UTF8.GetBytes(certificateAgencyId, buffer);
                buffer[written++] = 0;
                written += Encoding.UTF8.GetBytes(token, buffer.AsSpan(written));
                Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
                SHA256.HashData(buffer.AsSpan(0, written), digest);
                return new TokenHash(MemoryMarshal.Read<UInt128>(digest), MemoryMarshal.Read<UInt128>(digest[16..]));
            }
            finally
            {
                // The buffer held the token: it goes back to the shared pool wiped.
                ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
            }
        }
    }
}
