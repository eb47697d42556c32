namespace IntelHub.LoadGenerator.Tests;

/// <summary>
/// The generator's runs share the process's console (a refused option is read from standard error, swapped for the
/// test) and the machine's cores, so its test classes run one after the other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class GeneratorRuns
{
    public const string Name = "The load generator's runs";
}
