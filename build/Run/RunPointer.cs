using Engine;

/// <summary>Remembers which run folder the last attempt of a command line used, so --continue can reopen it.</summary>
static class RunPointer
{
    public static void Save(RunRequest request, string runDir) => File.WriteAllText(PathOf(request), runDir + "\n");

    public static string? Load(RunRequest request) =>
        PathOf(request) is var path && File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } dir
            ? dir
            : null;

    private static AbsolutePath PathOf(RunRequest request) =>
        request.TemporaryDirectory.CreateDirectory() / $"vvtv-run-{request.InvocationKey}.txt";
}
