using Engine;

/// <summary>Fails a target whose work has not been built yet, so that it can never pass by accident.</summary>
static class NotImplementedYet
{
    public static void Fail(string target, string what) =>
        BuildAssert.Fail($"{target} is not implemented yet: {what}. No evidence was produced, so the release cannot be GO.");
}
