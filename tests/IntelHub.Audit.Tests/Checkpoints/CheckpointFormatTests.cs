using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using IntelHub.Audit.Checkpoints;
using IntelHub.Audit.Hashing;
using IntelHub.Audit.Signing;

namespace IntelHub.Audit.Tests.Checkpoints;

public sealed class CheckpointFormatTests
{
    // A P-256 public key and the key hint that `openssl pkey -pubin -outform DER | sha256sum` gives for it.
    private const string OpenSslGeneratedKey = """
        -----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEd0cDGhRYih4aN6ZrycsexBtdDlPM
        PhEXiOMwcNaMsYxU8lcd2XTQgpE/yBhz0EoXShdLfF7GWWW2UyQ8iRu8ig==
        -----END PUBLIC KEY-----
        """;

    private static readonly MerkleHash Root = MerkleHash.FromHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    [Fact]
    public void Checkpoint_text_is_the_tlog_checkpoint_format_byte_for_byte()
    {
        // Given a checkpoint with a time extension and a signature
        var checkpoint = Checkpoint.At("intelhub.test/audit", 8, Root, new DateTimeOffset(2026, 11, 23, 19, 22, 22, TimeSpan.Zero));
        var note = new SignedNote(checkpoint.ToBody(), [new NoteSignature("intelhub.test/audit", 0xe88dc33c, new byte[] { 0x30, 0x06, 1, 2, 3, 4 })]);

        // Then the text is origin, size, base64 root, extension, blank line, em-dash signature line
        var expected =
            "intelhub.test/audit\n" +
            "8\n" +
            "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n" +
            "time 2026-11-23T19:22:22.0000000Z\n" +
            "\n" +
            "\u2014 intelhub.test/audit 6I3DPDAGAQIDBA==\n";
        Assert.Equal(expected, note.ToText());
        Assert.Equal(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(note.ToText()));
    }

    [Fact]
    public void Key_hint_is_the_first_four_bytes_of_sha256_of_the_der_public_key_as_rekor_computes_it()
    {
        using var key = CheckpointKey.FromPem("intelhub.test/audit", OpenSslGeneratedKey);
        Assert.Equal("e88dc33c", key.KeyHintHex);
    }

    [Fact]
    public void Parsing_a_signed_checkpoint_gives_back_every_part()
    {
        var checkpoint = Checkpoint.At("intelhub.test/audit", 8, Root, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var text = new SignedNote(checkpoint.ToBody(), [new NoteSignature("intelhub.test/audit", 7, new byte[] { 9, 9 })]).ToText();

        Assert.True(SignedNote.TryParse(text, out var note, out _));
        Assert.True(Checkpoint.TryParseBody(note!.Body, out var parsed, out _));
        Assert.Equal(8, parsed!.Size);
        Assert.Equal(Root, parsed.Root);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), parsed.Time);
        Assert.Equal(7u, note.Signatures[0].KeyHint);
    }

    [Theory]
    [InlineData("origin\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n", "line 2")]
    [InlineData("origin\n8\nnot-base64\n", "line 3")]
    [InlineData("has space\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n", "line 1")]
    [InlineData("origin\n8\n", "at least 3 lines")]
    public void Malformed_checkpoint_bodies_name_the_bad_line(string body, string expected)
    {
        Assert.False(Checkpoint.TryParseBody(body, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_line_with_an_ascii_hyphen_is_rejected()
    {
        var text = "origin\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n- origin AAAAAAAA\n";
        Assert.False(SignedNote.TryParse(text, out _, out var error));
        Assert.Equal("line 5: a signature line starts with an em dash (U+2014) and a space", error);
    }

    [Fact]
    public async Task A_checkpoint_signed_by_the_local_key_verifies_with_openssl_as_docs_describe()
    {
        // Given a checkpoint signed by a new local key
        using var dir = new TempDirectory();
        using var signer = LocalKeySigner.OpenOrCreate(Path.Combine(dir.Path, "audit-key.pem"));
        var note = await CheckpointSigning.SignAsync(Checkpoint.At("intelhub.test/audit", 8, Root, DateTimeOffset.UnixEpoch), signer, TestContext.Current.CancellationToken);

        // When openssl, an independent verifier, checks the signature (hint stripped) over the note text
        var blob = Convert.FromBase64String(note.ToText().Split('\n')[^2].Split(' ')[2]);
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "body.txt"), note.Body, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(dir.Path, "sig.der"), blob[4..], TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "pub.pem"), signer.PublicKeyPem(), TestContext.Current.CancellationToken);
        var output = await RunAsync(dir.Path, "openssl", "dgst -sha256 -verify pub.pem -signature sig.der body.txt");

        // Then it accepts, and the hint is the one openssl's DER gives
        Assert.Equal("Verified OK", output.Trim());
        var der = Convert.FromBase64String(signer.PublicKeyPem().Split('\n')[1..^1].Aggregate(string.Concat));
        Assert.Equal(SHA256.HashData(der)[..4], blob[..4]);
    }

    private static async Task<string> RunAsync(string directory, string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return output;
    }
}
