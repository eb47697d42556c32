using System.Security.Cryptography;
using System.Text;
using IntelHub.Audit.Entries;

namespace IntelHub.Audit.Tests.Entries;

public sealed class ContentCommitmentTests
{
    private static readonly byte[] Report = Encoding.UTF8.GetBytes("Workers at a Cardiff car wash are housed above the premises; passports held by the manager.");

    [Fact]
    public void The_salt_and_content_open_the_commitment()
    {
        var salt = ContentCommitment.NewSalt();

        var commitment = ContentCommitment.Commit(ContentCommitment.Submission, salt, Report);

        Assert.True(ContentCommitment.Opens(commitment, ContentCommitment.Submission, salt, Report));
    }

    [Fact]
    public void A_correct_guess_of_the_content_cannot_be_confirmed_without_the_salt()
    {
        // Given the commitment an export or a proof shows
        var commitment = ContentCommitment.Commit(ContentCommitment.Submission, ContentCommitment.NewSalt(), Report);

        // When an outsider hashes the right guess, plainly or with a salt of their own
        var plain = ContentDigest.Of(Report);
        var guessedSalt = ContentCommitment.Opens(commitment, ContentCommitment.Submission, new byte[ContentCommitment.SaltSize], Report);

        // Then neither matches
        Assert.NotEqual(plain, commitment);
        Assert.False(guessedSalt);
    }

    [Fact]
    public void The_same_content_under_one_salt_commits_differently_as_a_submission_and_as_a_disclosure()
    {
        var salt = ContentCommitment.NewSalt();

        Assert.NotEqual(ContentCommitment.Commit(ContentCommitment.Submission, salt, Report), ContentCommitment.Commit(ContentCommitment.Disclosure, salt, Report));
        Assert.False(ContentCommitment.Opens(ContentCommitment.Commit(ContentCommitment.Submission, salt, Report), ContentCommitment.Disclosure, salt, Report));
    }

    [Fact]
    public void The_commitment_is_SHA_256_of_the_domain_a_zero_byte_the_salt_and_the_content()
    {
        // The layout docs/audit.md gives, so that a court recomputes it with any SHA-256 tool.
        var salt = Enumerable.Range(0, ContentCommitment.SaltSize).Select(i => (byte)i).ToArray();
        var expected = SHA256.HashData([.. Encoding.ASCII.GetBytes("intelhub/commitment/v1/submission"), 0, .. salt, .. Report]);

        Assert.Equal(ContentDigest.FromBytes(expected), ContentCommitment.Commit(ContentCommitment.Submission, salt, Report));
    }

    [Fact]
    public void A_salt_of_the_wrong_size_opens_nothing()
    {
        var salt = ContentCommitment.NewSalt();
        var commitment = ContentCommitment.Commit(ContentCommitment.Submission, salt, Report);

        Assert.False(ContentCommitment.Opens(commitment, ContentCommitment.Submission, salt.AsSpan(0, 31), Report));
        Assert.Throws<ArgumentException>(() => ContentCommitment.Commit(ContentCommitment.Submission, salt.AsSpan(0, 31), Report));
    }
}
