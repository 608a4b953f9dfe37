using Checklist;
using Engine;

/// <summary>Remembers which run folder the last attempt of a command line used, so --continue can reopen it.</summary>
static class RunPointer
{
    public static void Save(RunRequest request, string runDir) =>
        AtomicFile.WriteAllText(PathOf(request), runDir + "\n");

    // Read by type and size first: a FIFO there would block the build before it starts.
    public static string? Load(RunRequest request) =>
        EarlierRunFile.ReadOwnFile(PathOf(request))?.Trim() is { Length: > 0 } dir ? dir : null;

    private static AbsolutePath PathOf(RunRequest request) =>
        request.TemporaryDirectory.CreateDirectory() / $"vvtv-run-{request.InvocationKey}.txt";
}
