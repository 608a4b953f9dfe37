using Engine;

/// <summary>Fresh copies of the sandbox workspace template, one per run, so runs never share state.</summary>
static class SandboxCopy
{
    // Installed or generated content is never part of the template's behaviour; the copies get their own.
    private static readonly string[] Excluded = ["node_modules", ".wrangler", "runtime", "target"];
    private const int Kept = 3;

    public static AbsolutePath Create(AbsolutePath template, AbsolutePath parent)
    {
        parent.CreateDirectory();
        Prune(parent);
        var destination = parent / $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        Copy(template, destination);
        return destination;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file))); // keeps the scripts' exec bits on Unix
        foreach (var dir in Directory.EnumerateDirectories(from))
            if (!Excluded.Contains(Path.GetFileName(dir)))
                Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
    }

    // Older copies hold state dbs and logs that nothing reads after their run; their evidence lives in artifacts/runs.
    private static void Prune(AbsolutePath parent)
    {
        foreach (var old in Directory.EnumerateDirectories(parent).Order(StringComparer.Ordinal).SkipLast(Kept - 1))
        {
            try { Directory.Delete(old, recursive: true); }
            catch (IOException) { /* in use by a concurrent run: leave it */ }
        }
    }
}
