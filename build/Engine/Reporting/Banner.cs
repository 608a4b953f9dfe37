using System.Reflection;

namespace Engine;

/// <summary>
/// The first line of every run: the build's name, version and commit, then what the build adds through
/// <see cref="NukeBuild.BannerDetails"/>. Output is audit evidence, so it says what produced it.
/// </summary>
internal static class Banner
{
    public static string Line(NukeBuild build, AbsolutePath root)
    {
        var assembly = build.GetType().Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        // The SDK appends "+<commit at compile time>"; the checkout's own HEAD is read below instead.
        version = version.Split('+')[0];
        var commit = GitCommit.Head(root);
        var where = commit is null ? "not a git checkout" : "commit " + commit[..12];
        var line = $"{build.GetType().Name} {version}, {where}";
        string? details;
        try { details = build.BannerDetails(); }
        catch (Exception) { details = null; } // the banner never fails a run
        return string.IsNullOrWhiteSpace(details) ? line : $"{line}, {details.Trim()}";
    }
}
