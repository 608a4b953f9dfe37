namespace Checklist;

/// <summary>Categories of observations that force a No-Go.</summary>
public enum NoGoCause
{
    /// <summary>The soak failed (verdict, sample count, failed requests).</summary>
    Soak,

    /// <summary>A correctly signed call got 401.</summary>
    Auth,

    /// <summary>Non-zero stream disruptions in any sample.</summary>
    Stream,

    /// <summary>A critical or high alert is active.</summary>
    Alert,

    /// <summary>The buffer fell below the critical threshold.</summary>
    Buffer,

    /// <summary>Evidence that should exist is missing or unreadable.</summary>
    Evidence,

    /// <summary>Anything else a target judges release-blocking.</summary>
    Other,
}

/// <summary>An observation raised by a target that blocks the release regardless of item statuses.</summary>
public sealed record NoGoFinding(NoGoCause Cause, string Message, string Target, DateTimeOffset At)
{
    /// <summary>How the checklist names this cause in decision reasons.</summary>
    public string CauseName => Cause switch
    {
        NoGoCause.Soak => "soak failure",
        NoGoCause.Auth => "auth failure",
        NoGoCause.Stream => "stream continuity regression",
        NoGoCause.Alert => "active critical/high alert",
        NoGoCause.Buffer => "buffer below critical threshold",
        NoGoCause.Evidence => "missing evidence",
        _ => "release-blocking finding",
    };
}
