using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using IntelHub.Contracts.V1;
using IntelHub.Identity;
using IntelHub.Server.Validation;

namespace IntelHub.Server.Disclosures;

/// <summary>
/// The page tokens of searches. A token holds where the previous page stopped (the last candidate scanned, by
/// submission time and id), which may be an item the caller cannot see, so it is sealed with AES-GCM under the
/// hub's page-token key: the caller learns nothing from it. The caller's agency, user, declared purpose and every
/// search filter are its associated data, so a token altered, forged, or sent back by another caller or with
/// another query fails authentication and is refused.
/// </summary>
public sealed class SearchCursor
{
    private const byte Version = 1;
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int PositionSize = 8;
    private static readonly byte[] Context = Encoding.ASCII.GetBytes("intelhub search page token v1");

    private readonly byte[] _key;

    private SearchCursor(byte[] key) => _key = key;

    /// <summary>
    /// Opens the page-token key at <paramref name="path"/>, creating a random one there on first use (on Unix
    /// readable by the hub's user only). Hub replicas serving one store share the file, so that a page token from
    /// one is accepted by the others.
    /// </summary>
    public static SearchCursor OpenOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) PrivateKeyFile.TryCreate(path, RandomNumberGenerator.GetBytes(KeySize)); // another replica may win; its key is read below
        var key = File.ReadAllBytes(path);
        return key.Length == KeySize
            ? new SearchCursor(key)
            : throw new InvalidDataException($"The page-token key file '{path}' holds {key.Length} bytes; it must hold {KeySize} random bytes. Delete it to have the hub make a new one (outstanding page tokens then stop working).");
    }

    public string Encode(DateTimeOffset createdAt, string itemId, SearchItemsRequest request, Caller caller)
    {
        var id = Encoding.ASCII.GetBytes(itemId);
        var plain = new byte[PositionSize + id.Length];
        BinaryPrimitives.WriteInt64BigEndian(plain, createdAt.UtcTicks);
        id.CopyTo(plain.AsSpan(PositionSize));
        return Seal(plain, AssociatedData(request, caller));
    }

    /// <summary>
    /// Seals a position under the page-token key, bound to <paramref name="associatedData"/> (what the listing was
    /// for): other listings' tokens use this too, each with associated data of its own kind, so no token passes for another.
    /// </summary>
    internal string Seal(ReadOnlySpan<byte> plain, ReadOnlySpan<byte> associatedData)
    {
        var token = new byte[1 + NonceSize + plain.Length + TagSize];
        token[0] = Version;
        var nonce = token.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, token.AsSpan(1 + NonceSize, plain.Length), token.AsSpan(1 + NonceSize + plain.Length), associatedData);
        return PageTokenText.Encode(token);
    }

    /// <summary>The position a token sealed with <see cref="Seal"/> holds; false when it is not one, unchanged, for this associated data.</summary>
    internal bool TryOpen(string text, ReadOnlySpan<byte> associatedData, out byte[] plain)
    {
        plain = [];
        if (text.Length > 4096 || !PageTokenText.TryDecode(text, out var token) || token.Length < 1 + NonceSize + TagSize || token[0] != Version)
            return false;
        var sealedLength = token.Length - 1 - NonceSize - TagSize;
        var opened = new byte[sealedLength];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(token.AsSpan(1, NonceSize), token.AsSpan(1 + NonceSize, sealedLength), token.AsSpan(token.Length - TagSize), opened, associatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
        plain = opened;
        return true;
    }

    /// <summary>
    /// The position after which the page starts; null for the first page. False when the token is not one this
    /// hub issued to this caller for this query, unchanged.
    /// </summary>
    public bool TryDecode(SearchItemsRequest request, Caller caller, out (DateTimeOffset CreatedAt, string ItemId)? after)
    {
        ArgumentNullException.ThrowIfNull(request);
        after = null;
        if (string.IsNullOrEmpty(request.PageToken)) return true;
        if (!TryOpen(request.PageToken, AssociatedData(request, caller), out var plain) || plain.Length <= PositionSize)
            return false;
        var ticks = BinaryPrimitives.ReadInt64BigEndian(plain);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks) return false;
        var itemId = Encoding.ASCII.GetString(plain.AsSpan(PositionSize));
        if (!Domain.Items.ItemId.TryParse(itemId, out _, out _)) return false;
        after = (new DateTimeOffset(ticks, TimeSpan.Zero), itemId);
        return true;
    }

    /// <summary>Who asked and what: the caller's agency and user, and the whole request but its paging (purpose included).</summary>
    private static byte[] AssociatedData(SearchItemsRequest request, Caller caller)
    {
        var query = request.Clone();
        query.PageToken = "";
        query.PageSize = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Context);
        Span<byte> length = stackalloc byte[4];
        foreach (var part in new[] { caller.AgencyId, caller.UserId })
        {
            var bytes = Encoding.UTF8.GetBytes(part);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }
        hash.AppendData(query.ToByteArray());
        return hash.GetHashAndReset();
    }
}
