namespace Publishing;

/// <summary>Fits release notes into GitHub's body limit.</summary>
public static class ReleaseNotes
{
    /// <summary>The line appended when the notes are cut.</summary>
    public const string CutLine = "\n\n---\nThese notes were cut at 125,000 characters; the full text is attached as the asset decision.md.\n";

    /// <summary>Returns the notes unchanged when they fit, else a prefix plus <see cref="CutLine"/> within the limit.</summary>
    public static (string Body, bool Cut) Fit(string notes, int limit = PublishRequest.NotesLimit)
    {
        if (notes.Length <= limit) return (notes, false);
        var keep = limit - CutLine.Length;
        // Do not split a surrogate pair, GitHub would reject the half character.
        if (char.IsHighSurrogate(notes[keep - 1])) keep--;
        return (notes[..keep] + CutLine, true);
    }

    /// <summary>Fits the notes, failing when they had to be cut but no decision.md asset carries the full text.</summary>
    public static (string Body, bool Cut) FitFor(string notes, IReadOnlyList<AssetFile> assets)
    {
        var (body, cut) = Fit(notes);
        if (cut && assets.All(a => a.Name != BundleBuilder.DecisionName))
            throw new ArgumentException("Release notes are longer than 125,000 characters but no decision.md asset carries the full text.");
        return (body, cut);
    }
}
