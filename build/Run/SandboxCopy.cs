using Engine;

/// <summary>Fresh copies of the sandbox workspace template, one per run, so runs never share state.</summary>
static class SandboxCopy
{
    // Installed or generated content is never part of the template's behaviour; the copies get their own.
    private static readonly string[] Excluded = ["node_modules", ".wrangler", "runtime", "target"];

    /// <summary>
    /// Copies the template to <paramref name="destination"/>, which must not exist yet, and gives the copy its own
    /// random id (two copies of one template are two workspaces); returns it.
    /// </summary>
    public static string Create(AbsolutePath template, AbsolutePath destination)
    {
        BuildAssert.True(!destination.Exists(), $"sandbox copy {destination} already exists");
        Copy(template, destination);
        Checklist.WorkspaceIdentity.MarkCopy(destination);
        return destination;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)
                     .Where(f => Path.GetFileName(f) != Checklist.WorkspaceIdentity.CopyIdFile))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file))); // keeps the scripts' exec bits on Unix
        foreach (var dir in Directory.EnumerateDirectories(from))
            if (!Excluded.Contains(Path.GetFileName(dir)))
                Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}
