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

    /// <summary>Where the error this one follows from was reported (its root cause); null for a root cause.</summary>
    public SourcePosition? Cause { get; init; }

    public override string ToString() =>
        $"{File}:{Line}:{Column}: {(Severity == Severity.Error ? "error" : "warning")} {Code}: {Message} Fix: {Fix}";
}

/// <summary>
/// Collects diagnostics while a policy set is read, checked and compiled. One typo often breaks several things (a
/// misspelt party makes every rule that names it fail too): the first error is recorded as the root cause of names it
/// broke (<see cref="Blame"/>), and the errors that follow from it say so and are listed after it.
/// </summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];
    private readonly Dictionary<(string Scope, string Name), SourcePosition> _blamed = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.Severity == Severity.Error);

    public void Error(SourcePosition at, string code, string message, string fix) =>
        _items.Add(new Diagnostic(at.File, at.Line, at.Column, Severity.Error, code, message, fix));

    /// <summary>An error that follows from the error at <paramref name="cause"/> (none: a root cause).</summary>
    public void Error(SourcePosition at, string code, string message, string fix, SourcePosition? cause)
    {
        if (cause is not { } root)
        {
            Error(at, code, message, fix);
            return;
        }

        _items.Add(new Diagnostic(at.File, at.Line, at.Column, Severity.Error, code, $"{message} This follows from the error at {root}.", $"Correct the error at {root} first; this one then goes away. {fix}") { Cause = root });
    }

    /// <summary>
    /// Records that every later error about <paramref name="name"/> within <paramref name="scope"/> (a protocol file;
    /// empty for the whole set) follows from the error at <paramref name="root"/>. The first blame of a name stands.
    /// </summary>
    public void Blame(string scope, string name, SourcePosition root) => _blamed.TryAdd((scope, name), root);

    /// <summary>Blames a name for the whole set.</summary>
    public void Blame(string name, SourcePosition root) => Blame(string.Empty, name, root);

    /// <summary>The root cause of errors about <paramref name="name"/> in <paramref name="scope"/> or in the whole set; null when none.</summary>
    public SourcePosition? CauseOf(string scope, string name) =>
        _blamed.TryGetValue((scope, name), out var local) ? local : _blamed.TryGetValue((string.Empty, name), out var global) ? global : null;

    /// <summary>How many diagnostics have been recorded; with <see cref="FirstErrorSince"/>, finds the error a dropped entry caused.</summary>
    public int Count => _items.Count;

    /// <summary>The position of the first error recorded at or after <paramref name="index"/>; null when none.</summary>
    public SourcePosition? FirstErrorSince(int index) =>
        _items.Skip(index).FirstOrDefault(d => d.Severity == Severity.Error) is { } first ? first.Position : null;

    public void Warning(SourcePosition at, string code, string message, string fix) =>
        _items.Add(new Diagnostic(at.File, at.Line, at.Column, Severity.Warning, code, message, fix));

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    /// <summary>
    /// Ordered by file, line and column so that output is stable and reads top to bottom, except that an error which
    /// follows from another comes right after its root cause, wherever it was written: the root cause is read first.
    /// </summary>
    public IReadOnlyList<Diagnostic> Sorted()
    {
        var ordered = InPositionOrder(_items).ToList();
        var rootPositions = ordered.Where(d => d.Cause is null).Select(d => d.Position).ToHashSet();
        var consequences = ordered.Where(d => d.Cause is { } cause && rootPositions.Contains(cause)).ToLookup(d => d.Cause!.Value);
        var attached = new HashSet<SourcePosition>();
        var result = new List<Diagnostic>(ordered.Count);
        foreach (var diagnostic in ordered.Where(d => d.Cause is not { } cause || !rootPositions.Contains(cause)))
        {
            result.Add(diagnostic);
            if (diagnostic.Cause is null && attached.Add(diagnostic.Position))
            {
                result.AddRange(consequences[diagnostic.Position]);
            }
        }

        return result;
    }

    private static IOrderedEnumerable<Diagnostic> InPositionOrder(IEnumerable<Diagnostic> items) =>
        items.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ThenBy(d => d.Code, StringComparer.Ordinal);
}
