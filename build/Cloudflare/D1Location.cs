namespace Cloudflare;

/// <summary>Which D1 a wrangler command reads or changes: production (<c>--remote</c>) or a local wrangler state
/// folder.</summary>
public sealed record D1Location
{
    private D1Location(bool isRemote, string? persistTo)
    {
        IsRemote = isRemote;
        PersistTo = persistTo;
    }

    /// <summary>The production database, reached with the Cloudflare API token.</summary>
    public static D1Location Remote { get; } = new(true, null);

    /// <summary>A local database; <paramref name="persistTo"/> null means wrangler's default <c>.wrangler/state</c> of
    /// the Worker folder.</summary>
    public static D1Location Local(string? persistTo = null) => new(false, persistTo);

    public bool IsRemote { get; }

    /// <summary>The local state folder given to <c>--persist-to</c>, if any.</summary>
    public string? PersistTo { get; }

    /// <summary>The flags every d1 command gets: always explicit, as old wranglers defaulted differently.</summary>
    public IReadOnlyList<string> Flags => IsRemote ? ["--remote"] : PersistTo is { } dir
        ? ["--local", "--persist-to", dir] : ["--local"];

    public override string ToString() => IsRemote ? "remote D1" : PersistTo is { } dir ? $"local D1 in {dir}"
        : "local D1";
}
