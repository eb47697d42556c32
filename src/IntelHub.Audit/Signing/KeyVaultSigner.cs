using System.Buffers.Text;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace IntelHub.Audit.Signing;

/// <summary>Settings for <see cref="KeyVaultSigner"/>: retries, diagnostics and transport, as every Azure client takes them.</summary>
public sealed class KeyVaultSignerOptions : ClientOptions
{
    /// <summary>The Key Vault REST API version spoken.</summary>
    public string ApiVersion { get; set; } = "7.4";
}

/// <summary>
/// Signs checkpoints with an EC P-256 key held in Azure Key Vault (or Managed HSM): the private key
/// never leaves the vault. The signer computes SHA-256 of the note locally and sends only the digest
/// to the keys REST API (<c>POST {kid}/sign</c>, algorithm ES256) over Azure.Core's pipeline, with
/// retries and a bearer token from any Azure.Identity credential. Key Vault returns the raw r||s
/// form; the note carries ASN.1 DER, as Rekor's ECDSA checkpoints do, so it is converted here.
/// The key version is pinned when the signer is created, so every checkpoint it signs names the
/// same key hint; a rotated key is a new signer with a new hint.
/// </summary>
public sealed class KeyVaultSigner : ICheckpointSigner
{
    private const string Scope = "https://vault.azure.net/.default";
    private readonly HttpPipeline _pipeline;
    private readonly Uri _keyId;
    private readonly string _apiVersion;

    private KeyVaultSigner(HttpPipeline pipeline, Uri keyId, string apiVersion, byte[] subjectPublicKeyInfo)
    {
        _pipeline = pipeline;
        _keyId = keyId;
        _apiVersion = apiVersion;
        SubjectPublicKeyInfo = subjectPublicKeyInfo;
    }

    /// <inheritdoc />
    public ReadOnlyMemory<byte> SubjectPublicKeyInfo { get; }

    /// <summary>The versioned key identifier every signature is made with.</summary>
    public Uri KeyId => _keyId;

    /// <summary>
    /// Connects with <see cref="Azure.Identity.DefaultAzureCredential"/> (managed identity in Azure,
    /// environment or developer sign-in elsewhere), as a production hub configured with only the
    /// vault address and key name does.
    /// </summary>
    public static Task<KeyVaultSigner> CreateAsync(Uri vaultUri, string keyName, string? keyVersion, CancellationToken cancellationToken) =>
        CreateAsync(vaultUri, keyName, keyVersion, new Azure.Identity.DefaultAzureCredential(), null, cancellationToken);

    /// <summary>
    /// Connects to the key <paramref name="keyName"/> (latest version unless <paramref name="keyVersion"/>
    /// is given) in the vault at <paramref name="vaultUri"/>, reads its public key and pins its version.
    /// </summary>
    public static async Task<KeyVaultSigner> CreateAsync(
        Uri vaultUri, string keyName, string? keyVersion, TokenCredential credential, KeyVaultSignerOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vaultUri);
        ArgumentException.ThrowIfNullOrEmpty(keyName);
        ArgumentNullException.ThrowIfNull(credential);
        if (vaultUri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"Audit:KeyVault:VaultUri '{vaultUri}' must be https: bearer tokens are never sent over plain HTTP.", nameof(vaultUri));
        }

        options ??= new KeyVaultSignerOptions();
        var pipeline = HttpPipelineBuilder.Build(options, new BearerTokenAuthenticationPolicy(credential, Scope));
        var path = string.IsNullOrEmpty(keyVersion) ? $"keys/{Uri.EscapeDataString(keyName)}" : $"keys/{Uri.EscapeDataString(keyName)}/{Uri.EscapeDataString(keyVersion)}";
        using var message = pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(new Uri(vaultUri, $"{path}?api-version={options.ApiVersion}"));
        await pipeline.SendAsync(message, cancellationToken);
        var response = Success(message.Response);

        using var json = JsonDocument.Parse(response.Content.ToMemory());
        var key = json.RootElement.GetProperty("key");
        var kid = key.GetProperty("kid").GetString() ?? throw new InvalidDataException("Key Vault returned a key without a 'kid'.");
        var kty = key.GetProperty("kty").GetString();
        var crv = key.TryGetProperty("crv", out var curve) ? curve.GetString() : null;
        if (kty is not ("EC" or "EC-HSM") || crv != "P-256")
        {
            throw new InvalidDataException($"Key Vault key '{kid}' is {kty} {crv}; audit checkpoints need an EC key on curve P-256 (ES256).");
        }

        using var publicKey = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars(key.GetProperty("x").GetString()), Y = Base64Url.DecodeFromChars(key.GetProperty("y").GetString()) },
        });
        return new KeyVaultSigner(pipeline, new Uri(kid), options.ApiVersion, publicKey.ExportSubjectPublicKeyInfo());
    }

    /// <inheritdoc />
    public async ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var digest = SHA256.HashData(message.Span);
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["alg"] = "ES256",
            ["value"] = Base64Url.EncodeToString(digest),
        });
        using var request = _pipeline.CreateMessage();
        request.Request.Method = RequestMethod.Post;
        request.Request.Uri.Reset(new Uri($"{_keyId.AbsoluteUri.TrimEnd('/')}/sign?api-version={_apiVersion}"));
        request.Request.Headers.Add(HttpHeader.Names.ContentType, "application/json");
        request.Request.Content = RequestContent.Create(body);
        await _pipeline.SendAsync(request, cancellationToken);
        var response = Success(request.Response);

        using var json = JsonDocument.Parse(response.Content.ToMemory());
        var raw = Base64Url.DecodeFromChars(json.RootElement.GetProperty("value").GetString());
        if (raw.Length != 64)
        {
            throw new InvalidDataException($"Key Vault returned a {raw.Length}-byte ES256 signature for '{_keyId}'; r||s is 64 bytes.");
        }

        var der = ToDer(raw);
        using var check = ECDsa.Create();
        check.ImportSubjectPublicKeyInfo(SubjectPublicKeyInfo.Span, out _);
        if (!check.VerifyHash(digest, der, DSASignatureFormat.Rfc3279DerSequence))
        {
            // Never publish a checkpoint whose signature the verifiers would reject.
            throw new CryptographicException($"Key Vault's signature from '{_keyId}' does not verify under the key's public key; the checkpoint was not signed.");
        }

        return der;
    }

    // ASN.1 DER SEQUENCE { INTEGER r, INTEGER s } from the fixed-width r||s that JWS and Key Vault use.
    private static byte[] ToDer(ReadOnlySpan<byte> rs)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(Minimal(rs[..32]));
            writer.WriteIntegerUnsigned(Minimal(rs[32..]));
        }

        return writer.Encode();
    }

    // DER integers have no redundant leading zero bytes; r and s arrive zero-padded to 32 bytes.
    private static ReadOnlySpan<byte> Minimal(ReadOnlySpan<byte> value)
    {
        while (value.Length > 1 && value[0] == 0)
        {
            value = value[1..];
        }

        return value;
    }

    private static Response Success(Response response) =>
        response.Status is >= 200 and < 300 ? response : throw new RequestFailedException(response);
}
