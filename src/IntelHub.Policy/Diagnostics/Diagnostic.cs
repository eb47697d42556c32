namespace IntelHub.Policy.Diagnostics;

/// <summary>How much a finding matters: errors stop a policy set from being published, warnings do not.</summary>
public enum Severity
{
    Error = 1,
    Warning = 2,
}

/// <summary>Where something was written: the file and the 1-based line and column.</summary>
public readonly record struct SourcePosition(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>
/// One finding about a policy file, written for the protocol owner: where, what is wrong, and what to do.
/// </summary>
public sealed record Diagnostic(string File, int Line, int Column, Severity Severity, string Code, string Message, string Fix)
{
    public SourcePosition Position => new(File, Line, Column);

    public override string ToString() =>
        $"{File}:{Line}:{Column}: {(Severity == Severity.Error ? "error" : "warning")} {Code}: {Message} Fix: {Fix}";
}

/// <summary>Collects diagnostics while a policy set is read, checked and compiled.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.Severity == Severity.Error);

    public void Error(SourcePosition at, string code, string message, string fix) =>
        _items.Add(new Diagnostic(at.File, at.Line, at.Column, Severity.Error, code, message, fix));

    public void Warning(SourcePosition at, string code, string message, string fix) =>
        _items.Add(new Diagnostic(at.File, at.Line, at.Column, Severity.Warning, code, message, fix));

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    /// <summary>Ordered by file, line and column so that output is stable and reads top to bottom.</summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        [.. _items.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ThenBy(d => d.Code, StringComparer.Ordinal)];
}
