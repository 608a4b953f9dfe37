namespace Publishing;

/// <summary>Composes the release notes and fits them into GitHub's body limit.</summary>
public static class ReleaseNotes
{
    /// <summary>
    /// The notes: the decision summary, the VVTV changes since the previous release tag (or why they are not known),
    /// then where the report and the evidence are and how to check a download.
    /// </summary>
    public static string Compose(ReportModel report, VvtvChangelog? changes)
    {
        var md = new System.Text.StringBuilder(DecisionMarkdown.Summary(report));
        md.Append(changes?.ToMarkdown() ??
                  "## VVTV changes\n\nNot known: the evidence is not of a git checkout of VVTV (the sandbox).\n\n");
        var archive = BundleBuilder.ArchiveName(report.Version);
        md.Append("## Report and evidence\n\n")
          .Append("Every checklist item with its reason and evidence is in the asset `")
              .Append(BundleBuilder.ReportName)
          .Append("` (and `").Append(BundleBuilder.DecisionName).Append("`); the evidence files are in `")
              .Append(archive)
          .Append("`. `").Append(BundleBuilder.ChecksumsName)
              .Append("` lists every asset; to check a download:\n\n```\n")
          .Append("sha256sum -c --ignore-missing SHA256SUMS\n")
          .Append("ssh-keygen -Y verify -f allowed_signers -I <identity> -n ").Append(SshSignatures.Namespace)
          .Append(" -s SHA256SUMS.sig < SHA256SUMS\n```\n");
        return md.ToString();
    }

    /// <summary>The line appended when the notes are cut.</summary>
    public const string CutLine = "\n\n---\nThese notes were cut at 125,000 characters; the full text is attached as " +
        "the asset decision.md.\n";

    /// <summary>
    /// Returns the notes unchanged when they fit, else a prefix plus <see cref="CutLine"/> within the limit.
    /// </summary>
    public static (string Body, bool Cut) Fit(string notes, int limit = PublishRequest.NotesLimit)
    {
        if (notes.Length <= limit) return (notes, false);
        var keep = limit - CutLine.Length;
        // Do not split a surrogate pair, GitHub would reject the half character.
        if (char.IsHighSurrogate(notes[keep - 1])) keep--;
        return (notes[..keep] + CutLine, true);
    }

    /// <summary>
    /// Fits the notes, failing when they had to be cut but no decision.md asset carries the full text.
    /// </summary>
    public static (string Body, bool Cut) FitFor(string notes, IReadOnlyList<AssetFile> assets)
    {
        var (body, cut) = Fit(notes);
        if (cut && assets.All(a => a.Name != BundleBuilder.DecisionName))
            throw new ArgumentException(
                "Release notes are longer than 125,000 characters but no decision.md asset carries the full text.");
        return (body, cut);
    }
}
