namespace Publishing;

/// <summary>A local file to attach, with the size and digest it is compared by.</summary>
public sealed record AssetFile(string Path, string Name, long Size, string Sha256)
{
    /// <summary>Reads size and sha256 of <paramref name="path"/>.</summary>
    public static AssetFile From(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Release asset does not exist: {path}", path);
        return new AssetFile(path, System.IO.Path.GetFileName(path), new FileInfo(path).Length,
            Sha256File.Compute(path));
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
        if (dup is not null) throw new ArgumentException(
            $"Two release assets share the name '{dup.Key}': {string.Join(", ", dup.Select(a => a.Path))}");
        return assets;
    }

    /// <summary>
    /// Fails before any upload unless the SHA256SUMS among the assets lists every other asset (its signature aside)
    /// with the sha256 it has now.
    /// </summary>
    public static void CheckAgainstChecksums(IReadOnlyList<AssetFile> assets)
    {
        var sums = assets.FirstOrDefault(a => a.Name == BundleBuilder.ChecksumsName);
        if (sums is null) return;
        var listed = ChecksumFile.Parse(File.ReadAllText(sums.Path), sums.Path);
        foreach (var a in assets.Where(a => a.Name is not (BundleBuilder.ChecksumsName or BundleBuilder.SignatureName)))
        {
            if (!listed.TryGetValue(a.Name, out var expected))
                throw new PublishException(
                    $"Asset {a.Path} is not listed in {sums.Path}: every published asset must be; " +
                    "rebuild the bundle.");
            if (expected != a.Sha256)
                throw new PublishException($"Asset {a.Path} has sha256 {a.Sha256} but SHA256SUMS lists {expected}; " +
                                           "rebuild the bundle instead of editing it.");
        }
    }

    /// <summary>
    /// With signers configured, fails unless SHA256SUMS among the assets carries a good signature by one of them.
    /// </summary>
    public static void CheckSignature(IReadOnlyList<AssetFile> assets, AllowedSigners? signers)
    {
        if (signers is not { Configured: true }) return;
        var sums = assets.FirstOrDefault(a => a.Name == BundleBuilder.ChecksumsName)
                   ?? throw new PublishException(
                       $"{signers.Path} lists signers but the release has no SHA256SUMS to sign.");
        if (signers.Verify(sums.Path) is { Verified: false } bad)
            throw new PublishException($"The release is not signed by a key in {signers.Path}: {bad.Detail}. " +
                                       "Pass --signing-key with an allowed key; nothing was published.");
    }
}
