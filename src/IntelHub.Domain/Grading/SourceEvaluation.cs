namespace IntelHub.Domain.Grading;

/// <summary>3x5x2 source evaluation, the first character of a grade (College of Policing APP).</summary>
public enum SourceEvaluation
{
    /// <summary>1: the source is believed to be reliable.</summary>
    Reliable = 1,
    /// <summary>2: the source's reliability has not been tested.</summary>
    Untested = 2,
    /// <summary>3: there are grounds to doubt the source's reliability.</summary>
    NotReliable = 3,
}
