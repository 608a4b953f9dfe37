using Engine;

namespace Soak;

/// <summary>
/// The script's three sample logs, written by the native engine in the script's exact format so every reader of
/// a soak folder (the checklist, the release bundle, SoakEvaluation) works on either engine's output.
/// </summary>
public sealed class SampleLogs(string outDir)
{
    public const string Status = "status-samples.log";
    public const string Metrics = "metrics-samples.log";
    public const string Alerts = "alerts-samples.log";

    public static readonly string[] Names = [Status, Metrics, Alerts];

    /// <summary>
    /// Appends one sample; a body that never arrived is written empty, as the script's curl -s leaves it.
    /// </summary>
    public void Append(DateTimeOffset t, string? status, string? metrics, string? alerts)
    {
        Directory.CreateDirectory(outDir);
        var ts = UtcTime.Seconds(t);
        File.AppendAllText(Path.Combine(outDir, Status), $"{ts} | status={OneLine(status)}\n");
        File.AppendAllText(Path.Combine(outDir, Alerts), $"{ts} | alerts={OneLine(alerts)}\n");
        // Like bash's $(curl ...), trailing newlines of the body go, then one is added.
        File.AppendAllText(Path.Combine(outDir, Metrics), $"# --- {ts} ---\n{Mask(metrics ?? "").TrimEnd('\n')}\n");
    }

    // A status or alerts body is one JSON line; a stray newline would break the one-line-per-sample format.
    private static string OneLine(string? body) => Mask(body ?? "").Replace("\r", "").Replace('\n', ' ');

    private static string Mask(string text) => SecretMasker.Global.Mask(text);
}
