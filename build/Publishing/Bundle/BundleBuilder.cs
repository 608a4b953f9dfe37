using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Engine;

namespace Publishing;

/// <summary>The files a built bundle consists of.</summary>
/// <param name="Directory">The bundle folder, artifacts/release/&lt;version&gt;.</param>
/// <param name="ArchivePath">The tar.gz of the whole bundle.</param>
/// <param name="Files">Every file of the bundle, the archive included, relative path → sha256 (as SHA256SUMS lists
/// them).</param>
/// <param name="Signed">True when SHA256SUMS.sig signs SHA256SUMS.</param>
public sealed record BundleResult(string Directory, string ArchivePath, IReadOnlyDictionary<string, string> Files,
    bool Signed = false)
{
    /// <summary>
    /// Files meant as release assets: the archive, the top-level documents, SHA256SUMS and its signature.
    /// </summary>
    public IReadOnlyList<string> ReleaseAssets =>
    [
        ArchivePath,
        Path.Combine(Directory, BundleBuilder.ChecksumsName),
        .. Signed ? [Path.Combine(Directory, BundleBuilder.SignatureName)] : Array.Empty<string>(),
        Path.Combine(Directory, BundleBuilder.DecisionName),
        Path.Combine(Directory, BundleBuilder.ReportName),
        Path.Combine(Directory, BundleBuilder.ManifestName),
        Path.Combine(Directory, BundleBuilder.MetadataName),
    ];

    /// <summary>The release notes (release-notes.md): the body of the GitHub release.</summary>
    public string NotesPath => Path.Combine(Directory, BundleBuilder.NotesName);
}

/// <summary>
/// Builds the deterministic release bundle: evidence, manifest, metadata, checksums, report and archive.
/// </summary>
public static class BundleBuilder
{
    /// <summary>Name of the manifest file.</summary>
    public const string ManifestName = "manifest.json";
    /// <summary>Name of the metadata file.</summary>
    public const string MetadataName = "metadata.json";
    /// <summary>Name of the checksum file.</summary>
    public const string ChecksumsName = "SHA256SUMS";
    /// <summary>Name of the decision text.</summary>
    public const string DecisionName = "decision.md";
    /// <summary>Name of the HTML report.</summary>
    public const string ReportName = "report.html";
    /// <summary>Name of the signature of the checksum file.</summary>
    public const string SignatureName = ChecksumsName + SshSignatures.Extension;
    /// <summary>Name of the release notes.</summary>
    public const string NotesName = "release-notes.md";

    /// <summary>What the report and the notes say when nobody signs the release.</summary>
    public const string Unsigned = "unsigned: no signing key was given (--signing-key), so SHA256SUMS has no signature";

    private static readonly string[] Reserved =
        [ManifestName, MetadataName, ChecksumsName, DecisionName, ReportName, SignatureName, NotesName];
    private static readonly string[] SecretMarkers = ["token", "secret", "password", "key", "credential", "auth"];

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Archive file name for a version.</summary>
    public static string ArchiveName(string version) => $"vvtv-release-{version}.tar.gz";

    /// <summary>
    /// Builds the bundle into <paramref name="releaseRoot"/>/&lt;version&gt;, replacing an earlier one.
    /// </summary>
    public static BundleResult Build(BundleInput input, string releaseRoot)
    {
        Validate(input);
        var report = input.Report with
        {
            Signature = input.Report.Signature ?? (input.Signer is null
                ? Unsigned
                : $"{ChecksumsName} is signed ({SignatureName}, key {input.Signer.Fingerprint})"),
        };
        var dir = Path.Combine(Path.GetFullPath(releaseRoot), input.Version);
        if (System.IO.Directory.Exists(dir)) System.IO.Directory.Delete(dir, recursive: true);
        System.IO.Directory.CreateDirectory(dir);

        var manifest = new List<ManifestEntry>();
        foreach (var e in input.Evidence.OrderBy(e => e.TargetPath, StringComparer.Ordinal))
        {
            var dest = Path.Combine(dir, e.TargetPath);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(e.SourcePath, dest);
            manifest.Add(Entry(dir, e.TargetPath, e.Kind, e.ProducingTarget, e.Items));
        }

        WriteText(dir, DecisionName, input.DecisionMarkdown ?? DecisionMarkdown.Render(report));
        manifest.Add(Entry(dir, DecisionName, "decision", "Release", []));
        WriteText(dir, NotesName, ReleaseNotes.Compose(report, input.Changelog));
        manifest.Add(Entry(dir, NotesName, "notes", "Release", []));
        WriteText(dir, ReportName, ReportRenderer.Render(report));
        manifest.Add(Entry(dir, ReportName, "report", "Release", []));
        WriteText(dir, MetadataName, JsonSerializer.Serialize(Metadata(input), Json) + "\n");
        manifest.Add(Entry(dir, MetadataName, "metadata", "Release", []));
        manifest.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        WriteText(dir, ManifestName, JsonSerializer.Serialize(new { version = input.Version, files = manifest },
            Json) + "\n");

        var sums = manifest.ToDictionary(m => m.Path, m => m.Sha256, StringComparer.Ordinal);
        sums[ManifestName] = Sha256File.Compute(Path.Combine(dir, ManifestName));
        WriteText(dir, ChecksumsName, ChecksumFile.Render(sums.Select(kv => (kv.Key, kv.Value))));

        var archive = Path.Combine(dir, ArchiveName(input.Version));
        var entries = sums.Keys.Append(ChecksumsName).ToList();
        DeterministicArchive.Write(dir, entries, archive, $"vvtv-release-{input.Version}", input.ArchiveTime);

        // The archive holds SHA256SUMS of its content; the file beside it (the asset) lists the archive too, so every
        // published asset is covered, and that is the file signed.
        sums[Path.GetFileName(archive)] = Sha256File.Compute(archive);
        WriteText(dir, ChecksumsName, ChecksumFile.Render(sums.Select(kv => (kv.Key, kv.Value))));
        input.Signer?.Sign(Path.Combine(dir, ChecksumsName));
        return new BundleResult(dir, archive, sums, Signed: input.Signer is not null);
    }

    private static void Validate(BundleInput input)
    {
        ReleaseVersion.Parse(input.Version, "Release version");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in input.Evidence)
        {
            var t = e.TargetPath;
            if (t.Length == 0 || t.StartsWith('/') || t.Contains('\\') || t.Split('/')
                .Any(p => p is "" or "." or "..") ||
                t.Contains('\n') || Path.IsPathRooted(t))
                throw new ArgumentException(
                    $"Evidence '{e.SourcePath}': bundle path '{t}' must be relative, use '/' and contain no '.', " +
                    $"'..' or empty parts.");
            if (Reserved.Contains(t) || t.StartsWith("vvtv-release-", StringComparison.Ordinal))
                throw new ArgumentException(
                    $"Evidence '{e.SourcePath}': bundle path '{t}' is reserved for the bundle itself.");
            if (!seen.Add(t))
                throw new ArgumentException($"Two evidence files map to the same bundle path '{t}'.");
            if (!File.Exists(e.SourcePath))
                throw new FileNotFoundException(
                    $"Evidence file for '{t}' (target {e.ProducingTarget}) does not exist: {e.SourcePath}",
                        e.SourcePath);
        }
    }

    private static object Metadata(BundleInput input) => new
    {
        version = input.Version,
        tag = input.Tag,
        vvtv_commit = input.VvtvCommit,
        tool_version = input.ToolVersion,
        runs = input.Runs.OrderBy(r => r.RunId, StringComparer.Ordinal).Select(r => new
        {
            run_id = r.RunId,
            started_at = Utc(r.StartedAt),
            last_evidence_at = Utc(r.LastEvidenceAt),
            parameters = new SortedDictionary<string, string>(
                r.Parameters.Where(p => !LooksSecret(p.Key))
                    .ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal),
        }),
    };

    private static string Utc(DateTimeOffset t) => UtcTime.Millis(t);

    /// <summary>True for a parameter name that may hold a secret; such values never reach the bundle.</summary>
    public static bool LooksSecret(string name) =>
        SecretMarkers.Any(m => name.Contains(m, StringComparison.OrdinalIgnoreCase));

    private static ManifestEntry Entry(string dir, string rel, string kind, string target, IReadOnlyList<string> items)
    {
        var full = Path.Combine(dir, rel);
        return new ManifestEntry(rel, kind, new FileInfo(full).Length, Sha256File.Compute(full), target,
            items.Distinct().Order(StringComparer.Ordinal).ToList());
    }

    private static void WriteText(string dir, string rel, string text) =>
        File.WriteAllText(Path.Combine(dir, rel), text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    private sealed record ManifestEntry(string Path, string Kind, long Size, string Sha256, string ProducingTarget,
        IReadOnlyList<string> Items);
}
