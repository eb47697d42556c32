using System.Security.Cryptography;
using System.Text;
using Azure;
using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Hashing;
using IntelHub.Audit.Log;
using IntelHub.Audit.Sequencing;
using IntelHub.Audit.Signing;
using IntelHub.Audit.Tests.Entries;
using IntelHub.Audit.Verification;

namespace IntelHub.Audit.Tests.Signing;

public sealed class KeyVaultSignerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_checkpoint_signed_in_the_vault_verifies_under_the_vaults_public_key()
    {
        // Given a vault holding P-256 key "audit" version v1, and a credential for it
        await using var vault = await LocalKeyVault.StartAsync(Ct);
        var vaultSpki = vault.CreateKeyVersion("audit", "v1");
        var credential = new FixedTokenCredential();

        // When a checkpoint is signed through the keys REST API
        var signer = await KeyVaultSigner.CreateAsync(vault.Uri, "audit", null, credential, vault.ClientOptions(), Ct);
        var note = await CheckpointSigning.SignAsync(new Checkpoint(AuditLogFixture.Origin, 3, MerkleHash.EmptyRoot), signer, Ct);

        // Then it verifies under the vault key, whose hint is SHA-256 of its DER SPKI, and only the digest left for the vault
        using var key = CheckpointKey.FromSubjectPublicKeyInfo(AuditLogFixture.Origin, vaultSpki);
        Assert.Equal(CheckpointCheck.Valid, new CheckpointKeySet([key]).Verify(note.ToText()).Check);
        Assert.Equal(SHA256.HashData(vaultSpki)[..4], BitConverter.GetBytes(note.Signatures[0].KeyHint).Reverse());
        Assert.EndsWith("keys/audit/v1", signer.KeyId.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains($"sign audit/v1 alg=ES256 digest={Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(note.Body)))}", vault.Requests);
        Assert.All(vault.Requests.Where(r => r.Contains("auth=", StringComparison.Ordinal)), r => Assert.EndsWith($"auth=Bearer {LocalKeyVault.Token}", r, StringComparison.Ordinal));
        Assert.Equal("https://vault.azure.net/.default", credential.Scopes.Distinct().Single());
    }

    [Fact]
    public async Task A_log_signed_in_the_vault_verifies_across_a_key_rotation()
    {
        // Given a log whose checkpoints were signed with vault key v1, then with v2 after rotation
        await using var vault = await LocalKeyVault.StartAsync(Ct);
        var v1 = vault.CreateKeyVersion("audit", "v1");
        using var log = new AuditLogFixture();
        await WriteWithVaultAsync(vault, log, 0, 12);
        var v2 = vault.CreateKeyVersion("audit", "v2");
        await WriteWithVaultAsync(vault, log, 12, 12);

        // Then the log verifies with both public keys
        using var key1 = CheckpointKey.FromSubjectPublicKeyInfo(AuditLogFixture.Origin, v1);
        using var key2 = CheckpointKey.FromSubjectPublicKeyInfo(AuditLogFixture.Origin, v2);
        var report = AuditLogVerifier.Verify(log.LogDirectory, new CheckpointKeySet([key1, key2]), cancellationToken: Ct);
        Assert.True(report.IsValid, report.Failure?.Message);
        Assert.Equal(24, report.CoveredSize);
        Assert.NotEqual(key1.KeyHint, key2.KeyHint);
    }

    [Fact]
    public async Task A_vault_that_refuses_to_sign_fails_the_signature_with_its_status()
    {
        await using var vault = await LocalKeyVault.StartAsync(Ct);
        vault.CreateKeyVersion("audit", "v1");
        var signer = await KeyVaultSigner.CreateAsync(vault.Uri, "audit", "v1", new FixedTokenCredential(), vault.ClientOptions(), Ct);
        vault.FailSignWith = System.Net.HttpStatusCode.Forbidden;

        var error = await Assert.ThrowsAsync<RequestFailedException>(async () => await signer.SignAsync(new byte[] { 1 }, Ct));

        Assert.Equal(403, error.Status);
    }

    [Fact]
    public async Task A_key_that_is_not_in_the_vault_is_reported_at_start()
    {
        await using var vault = await LocalKeyVault.StartAsync(Ct);
        vault.CreateKeyVersion("audit", "v1");

        var error = await Assert.ThrowsAsync<RequestFailedException>(
            () => KeyVaultSigner.CreateAsync(vault.Uri, "audit", "v9", new FixedTokenCredential(), vault.ClientOptions(), Ct));

        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task A_plain_http_vault_address_is_refused_before_any_token_is_sent()
    {
        var credential = new FixedTokenCredential();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => KeyVaultSigner.CreateAsync(new Uri("http://localhost:1/"), "audit", null, credential, null, Ct));

        Assert.Contains("must be https", error.Message, StringComparison.Ordinal);
        Assert.Empty(credential.Scopes);
    }

    private static async Task WriteWithVaultAsync(LocalKeyVault vault, AuditLogFixture log, int from, int count)
    {
        var signer = await KeyVaultSigner.CreateAsync(vault.Uri, "audit", null, new FixedTokenCredential(), vault.ClientOptions(), Ct);
        using var store = FileAuditLogStore.Open(log.LogDirectory);
        await using var sequencer = await AuditSequencer.StartAsync(store, signer, AuditLogFixture.Options(), null, Ct);
        for (var i = from; i < from + count; i++)
        {
            await sequencer.AppendAsync(AuditEntryEncodingTests.Disclosure(i), Ct);
        }
    }
}
