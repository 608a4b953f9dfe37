namespace Publishing;

/// <summary>One step of publishing: a name, a rule for skipping it and a run step, all on one shared context.</summary>
public interface IPublishPipe
{
    /// <summary>Short name for the log.</summary>
    string Name { get; }

    /// <summary>Why the step has nothing to do, or null to run it.</summary>
    string? SkipReason(PublishContext ctx);

    /// <summary>Performs the step.</summary>
    Task RunAsync(PublishContext ctx);
}
