using Publishing;

namespace Checklist;

/// <summary>
/// SHA256SUMS in a run folder, written at every checkpoint: every file of the run's own record (decision, findings,
/// run.json, run facts) and of evidence/, so a later run that adopts this evidence can tell that nothing was changed
/// since. With a signer, SHA256SUMS.sig (an SSH signature) says who wrote it. The sandbox copy under workspace/ is not
/// evidence and not covered.
/// </summary>
public static class EvidenceChecksums
{
    /// <summary>File name inside the run dir.</summary>
    public const string FileName = "SHA256SUMS";

    /// <summary>File name of the signature of SHA256SUMS inside the run dir.</summary>
    public const string SignatureName = FileName + SshSignatures.Extension;

    /// <summary>
    /// Hashes the run's files and writes SHA256SUMS atomically (sha256sum -c format, paths relative to the run dir),
    /// then signs it with <paramref name="signer"/>; without one, an earlier signature is removed, since it no longer
    /// matches.
    /// </summary>
    public static void Write(string runDir, SshSigner? signer = null)
    {
        var sums = Path.Combine(runDir, FileName);
        var entries = Covered(runDir).Select(rel => (rel, Sha256File.Compute(Path.Combine(runDir, rel))));
        AtomicFile.WriteAllText(sums, ChecksumFile.Render(entries));
        if (signer is not null) signer.Sign(sums);
        else File.Delete(Path.Combine(runDir, SignatureName));
    }

    /// <summary>
    /// Null when every covered file matches SHA256SUMS; otherwise what is wrong, starting with the file's path relative
    /// to the run dir.
    /// </summary>
    public static string? Problem(string runDir)
    {
        var sums = Path.Combine(runDir, FileName);
        if (!File.Exists(sums)) return $"{FileName} is missing (the run never finished, or a build before evidence " +
            $"checksums made it)";
        IReadOnlyDictionary<string, string> listed;
        try { listed = ChecksumFile.Parse(EarlierRunFile.ReadText(sums), FileName); }
        catch (Exception e) when (e is FormatException or DecisionFormatException) { return e.Message; }
        foreach (var (rel, sha) in listed.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var full = Path.GetFullPath(Path.Combine(runDir, rel));
            if (!full.StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(runDir)) +
                Path.DirectorySeparatorChar, StringComparison.Ordinal))
                return $"{FileName} lists '{rel}', which is outside the run folder";
            if (!Path.Exists(full)) return $"{rel} is listed in {FileName} but missing";
            try { EarlierRunFile.CheckEvidence(full); }
            catch (DecisionFormatException e) { return e.Message; }
            if (Sha256File.Compute(full) != sha) return $"{rel} was modified after the run finished (its SHA-256 " +
                $"differs from {FileName})";
        }
        var added = Covered(runDir).FirstOrDefault(rel => !listed.ContainsKey(rel));
        return added is null ? null : $"{added} was added after the run finished (it is not in {FileName})";
    }

    // The run's top-level record files and everything under evidence/, '/'-separated and relative to the run dir.
    private static IEnumerable<string> Covered(string runDir)
    {
        var top = Directory.EnumerateFiles(runDir).Where(f => Path.GetFileName(f) is not (FileName or SignatureName)
                                                             && !f.EndsWith(".tmp", StringComparison.Ordinal));
        var evidence = Path.Combine(runDir, "evidence");
        var nested = Directory.Exists(evidence) ? Directory.EnumerateFiles(evidence, "*",
            SearchOption.AllDirectories) : [];
        return top.Concat(nested).Select(f => Path.GetRelativePath(runDir, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();
    }
}
