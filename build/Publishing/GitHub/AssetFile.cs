namespace Publishing;

/// <summary>A local file to attach, with the size and digest it is compared by.</summary>
public sealed record AssetFile(string Path, string Name, long Size, string Sha256)
{
    /// <summary>Reads size and sha256 of <paramref name="path"/>.</summary>
    public static AssetFile From(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Release asset does not exist: {path}", path);
        return new AssetFile(path, System.IO.Path.GetFileName(path), new FileInfo(path).Length, Sha256File.Compute(path));
    }

    /// <summary>Content type sent with the upload.</summary>
    public string ContentType => System.IO.Path.GetExtension(Name) switch
    {
        ".gz" => "application/gzip",
        ".json" => "application/json",
        ".html" => "text/html",
        ".md" => "text/markdown",
        _ => "application/octet-stream",
    };

    /// <summary>Reads every asset and fails on duplicate names.</summary>
    public static IReadOnlyList<AssetFile> All(IEnumerable<string> paths)
    {
        var assets = paths.Select(From).ToList();
        var dup = assets.GroupBy(a => a.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new ArgumentException($"Two release assets share the name '{dup.Key}': {string.Join(", ", dup.Select(a => a.Path))}");
        return assets;
    }

    /// <summary>Fails before any upload when a local asset disagrees with the SHA256SUMS among the assets.</summary>
    public static void CheckAgainstChecksums(IReadOnlyList<AssetFile> assets)
    {
        var sums = assets.FirstOrDefault(a => a.Name == BundleBuilder.ChecksumsName);
        if (sums is null) return;
        var listed = ChecksumFile.Parse(File.ReadAllText(sums.Path), sums.Path);
        foreach (var a in assets)
            if (listed.TryGetValue(a.Name, out var expected) && expected != a.Sha256)
                throw new PublishException($"Asset {a.Path} has sha256 {a.Sha256} but SHA256SUMS lists {expected}; rebuild the bundle instead of editing it.");
    }
}
