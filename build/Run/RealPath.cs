using Engine;

/// <summary>A path with every symbolic link in it resolved, as git reports a checkout's top folder.</summary>
public static class RealPath
{
    /// <summary><paramref name="path"/> with its links resolved; parts that do not exist are kept as given.</summary>
    public static AbsolutePath Of(AbsolutePath path)
    {
        var resolved = Path.GetPathRoot(path.Value)!;
        foreach (var part in path.Value[resolved.Length..].Split(Path.DirectorySeparatorChar,
                     StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(resolved, part);
            var info = new DirectoryInfo(next);
            resolved = info.Exists && info.LinkTarget is not null
                ? info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next
                : next;
        }
        return AbsolutePath.Create(resolved);
    }
}
