namespace Engine;

/// <summary>
/// A <c>workflow_dispatch</c> input; when given, it reaches the build as <see cref="Parameter"/>'s command-line
/// argument (an input without a parameter is only for the workflow's own expressions, such as a ref to check out).
/// </summary>
/// <param name="Name">Input name as the GitHub form shows it (<c>soak-hours</c>).</param>
/// <param name="Description">Help text on the form.</param>
/// <param name="Parameter">Name of the build parameter it sets (<c>SoakHours</c>), or null.</param>
/// <param name="Required">The form refuses to start without it.</param>
/// <param name="Default">Value prefilled on the form.</param>
public sealed record WorkflowInput(string Name, string Description, string? Parameter, bool Required = false,
    string? Default = null);
