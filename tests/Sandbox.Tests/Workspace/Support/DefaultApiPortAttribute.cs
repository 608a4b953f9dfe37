namespace Sandbox.Tests.Workspace.Support;

/// <summary>
/// Marks a script test that checks the scripts' own default address, 127.0.0.1:7070: it runs there, taking turns on
/// the machine-wide port lock, where every other script test has a free port of its own.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DefaultApiPortAttribute() : PropertyAttribute(Name, "true")
{
    public const string Name = "DefaultApiPort";
}
