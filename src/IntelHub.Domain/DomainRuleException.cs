namespace IntelHub.Domain;

/// <summary>
/// The single exception the domain throws for refused input. It carries the <see cref="DomainError"/>
/// so that a host can turn it into a field violation without parsing the message.
/// </summary>
public sealed class DomainRuleException : Exception
{
    public DomainRuleException(DomainError error)
        : base(error?.Message)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    public DomainError Error { get; }

    public string Field => Error.Field;
}
