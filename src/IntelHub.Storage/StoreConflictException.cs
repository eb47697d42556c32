namespace IntelHub.Storage;

/// <summary>
/// A write that contradicts what is already stored (an idempotency key reused for other content, an item id taken,
/// a protocol version stored with another document, a second checkpoint for a tree size). Nothing was written.
/// The server answers ALREADY_EXISTS or FAILED_PRECONDITION with the message.
/// </summary>
public sealed class StoreConflictException : Exception
{
    public StoreConflictException()
    {
    }

    public StoreConflictException(string message)
        : base(message)
    {
    }

    public StoreConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
