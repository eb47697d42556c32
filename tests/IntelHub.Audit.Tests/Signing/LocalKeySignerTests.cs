using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Hashing;
using IntelHub.Audit.Signing;

namespace IntelHub.Audit.Tests.Signing;

public sealed class LocalKeySignerTests
{
    [Fact]
    public void First_run_creates_a_private_key_only_the_hub_user_can_read()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "keys", "audit-key.pem");

        using var signer = LocalKeySigner.OpenOrCreate(path);

        Assert.True(File.Exists(path));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(path), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void Second_run_loads_the_same_key()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "audit-key.pem");
        using var first = LocalKeySigner.OpenOrCreate(path);
        using var second = LocalKeySigner.OpenOrCreate(path);
        Assert.Equal(first.SubjectPublicKeyInfo.ToArray(), second.SubjectPublicKeyInfo.ToArray());
    }

    [Fact]
    public async Task After_rotation_old_checkpoints_still_verify_under_the_old_public_key()
    {
        // Given a checkpoint signed by the old key, then one by a new key
        using var dir = new TempDirectory();
        using var oldSigner = LocalKeySigner.OpenOrCreate(Path.Combine(dir.Path, "old.pem"));
        using var newSigner = LocalKeySigner.OpenOrCreate(Path.Combine(dir.Path, "new.pem"));
        var ct = TestContext.Current.CancellationToken;
        var oldNote = await CheckpointSigning.SignAsync(new Checkpoint("o", 1, MerkleHash.EmptyRoot), oldSigner, ct);
        var newNote = await CheckpointSigning.SignAsync(new Checkpoint("o", 2, MerkleHash.EmptyRoot), newSigner, ct);

        // When a verifier holds both public keys
        using var oldKey = oldSigner.PublicKey("o");
        using var newKey = newSigner.PublicKey("o");
        var both = new CheckpointKeySet([oldKey, newKey]);
        var onlyNew = new CheckpointKeySet([newKey]);

        // Then each checkpoint verifies under the key it names, and the old one is unknown to a verifier without the old key
        Assert.Equal(oldKey, both.Verify(oldNote.ToText()).Key);
        Assert.Equal(newKey, both.Verify(newNote.ToText()).Key);
        var unknown = onlyNew.Verify(oldNote.ToText());
        Assert.Equal(CheckpointCheck.UnknownKey, unknown.Check);
        Assert.Contains($"hint {oldKey.KeyHintHex}", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_altered_checkpoint_fails_its_signature()
    {
        using var dir = new TempDirectory();
        using var signer = LocalKeySigner.OpenOrCreate(Path.Combine(dir.Path, "k.pem"));
        using var key = signer.PublicKey("o");
        var note = await CheckpointSigning.SignAsync(new Checkpoint("o", 10, MerkleHash.EmptyRoot), signer, TestContext.Current.CancellationToken);

        var result = new CheckpointKeySet([key]).Verify(note.ToText().Replace("\n10\n", "\n11\n", StringComparison.Ordinal));

        Assert.Equal(CheckpointCheck.BadSignature, result.Check);
    }
}
