using Serilog;

/// <summary>
/// Space set aside on the run folder's disk while the run lasts, given up only when the disk is full, so that the run's
/// decision can still be written and say what was proved (a decision that cannot be written leaves none). A file of
/// real bytes, not a sparse one, so that it holds space on every file system (tmpfs included).
/// </summary>
sealed class SpaceReserve
{
    /// <summary>Room for several rewrites of decision.json, decision.md, findings and SHA256SUMS.</summary>
    public const int Size = 4 * 1024 * 1024;

    // ".tmp": SHA256SUMS never covers it, so releasing it changes nothing that a later run checks.
    private const string FileName = "space-reserve.tmp";

    private readonly string _path;

    private SpaceReserve(string path) => _path = path;

    /// <summary>Takes the reserve in <paramref name="runDir"/>; on a disk already too full, says so and holds
    /// none.</summary>
    public static SpaceReserve Take(string runDir)
    {
        var reserve = new SpaceReserve(Path.Combine(runDir, FileName));
        try
        {
            using var file = new FileStream(reserve._path, FileMode.Create, FileAccess.Write, FileShare.None, 0);
            var block = new byte[64 * 1024];
            for (var written = 0; written < Size; written += block.Length) file.Write(block);
        }
        catch (IOException e)
        {
            reserve.Release();
            Log.Warning("Could not set {Size} bytes aside in {RunDir:l} for the decision ({Message:l}); on a full " +
                        "disk this run may end without one", Size, runDir, e.Message);
        }
        return reserve;
    }

    /// <summary>Gives the space back; true when it was held.</summary>
    public bool Release()
    {
        if (!File.Exists(_path)) return false;
        File.Delete(_path);
        return true;
    }
}
