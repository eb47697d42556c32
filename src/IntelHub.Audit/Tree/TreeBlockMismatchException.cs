namespace IntelHub.Audit.Tree;

/// <summary>
/// The leaf hashes supplied for a block of a bounded <see cref="MerkleTree"/> do not hash to the
/// block root the tree recorded when it appended those leaves: the source they were read from has
/// changed since (an integrity failure, not a usage error).
/// </summary>
public sealed class TreeBlockMismatchException : Exception
{
    /// <summary>Creates the exception for the block of <paramref name="leafCount"/> leaves from <paramref name="firstLeaf"/>.</summary>
    public TreeBlockMismatchException(long firstLeaf, long leafCount)
        : base($"The leaf hashes supplied for leaves {firstLeaf}..{firstLeaf + leafCount - 1} do not hash to the block root recorded when the tree appended them: " +
               "the entries they were computed from have changed since. Re-read the entries from the log; if they still disagree, the log was altered.")
    {
        FirstLeaf = firstLeaf;
        LeafCount = leafCount;
    }

    /// <summary>Creates the exception.</summary>
    public TreeBlockMismatchException()
        : this("Supplied leaf hashes do not hash to the block root the tree recorded.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public TreeBlockMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TreeBlockMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The first leaf of the block whose supplied hashes disagree.</summary>
    public long FirstLeaf { get; }

    /// <summary>The leaves in that block.</summary>
    public long LeafCount { get; }
}
