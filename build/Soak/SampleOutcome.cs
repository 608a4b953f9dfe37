namespace Soak;

/// <summary>How one soak sample ended.</summary>
public enum SampleOutcome
{
    /// <summary>Every endpoint answered and every value was healthy.</summary>
    Success,

    /// <summary>
    /// Measured and bad: critical/high alert, buffer below the critical level, stream disruption, state not RUNNING.
    /// </summary>
    Failure,

    /// <summary>Could not measure: timeout, refused, bad status code, unparsable body.</summary>
    Error,
}
