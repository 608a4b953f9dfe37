namespace Engine;

/// <summary>Thrown to fail the running target with a clear message.</summary>
public sealed class TargetFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Assertion helpers that fail the running target.</summary>
public static class BuildAssert
{
    /// <summary>Fails the running target.</summary>
    public static void Fail(string message) => throw new TargetFailedException(message);

    /// <summary>Fails the running target unless the condition holds.</summary>
    public static void True(bool condition, string message) { if (!condition) Fail(message); }

    /// <summary>Returns the value or fails the running target when it is null.</summary>
    public static T NotNull<T>(T? value, string message) where T : class => value
        ?? throw new TargetFailedException(message);
}
