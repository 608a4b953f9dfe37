using Engine;

/// <summary>Remembers which run folder the last attempt of a command line used, so --continue can reopen it.</summary>
static class RunPointer
{
    public static void Save(IHazVvtvWorkspace build, string runDir) => File.WriteAllText(PathOf(build), runDir + "\n");

    public static string? Load(IHazVvtvWorkspace build) =>
        PathOf(build) is var path && File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } dir ? dir : null;

    private static AbsolutePath PathOf(IHazVvtvWorkspace build) =>
        (build.TemporaryDirectory.CreateDirectory()) / $"vvtv-run-{build.InvocationKey}.txt";
}
