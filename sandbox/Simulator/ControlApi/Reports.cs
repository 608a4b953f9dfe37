using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Simulator.Common;
using Simulator.State;

namespace Simulator.ControlApi;

/// <summary>Daily and weekly reports computed on request from the state db (§3.7).</summary>
public static partial class Reports
{
    [GeneratedRegex(@"^\+?(\d{1,9})-(\d{1,2})-(\d{1,2})$")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^([+-]?\d{1,9})-W([+-]?\d{1,9})$")]
    private static partial Regex WeekPattern();

    /// <summary>Parses a lenient `YYYY-MM-DD`; null when it is not a real date.</summary>
    public static DateTime? ParseDate(string text)
    {
        var m = DatePattern().Match(text);
        if (!m.Success) return null;
        int y = int.Parse(m.Groups[1].Value), mo = int.Parse(m.Groups[2].Value), d = int.Parse(m.Groups[3].Value);
        if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo)) return null;
        return new DateTime(y, mo, d, 0, 0, 0, DateTimeKind.Utc);
    }

    /// <summary>Parses `YYYY-Www` into its Monday, or returns the 400 error text.</summary>
    public static (DateTime? Monday, string? Error) ParseWeek(string text)
    {
        var m = WeekPattern().Match(text);
        if (!m.Success || !int.TryParse(m.Groups[1].Value, out var year)
            || !int.TryParse(m.Groups[2].Value, out var week)
            || week is < 1 or > 53 || year is < 1 or > 9998)
            return (null, "week must look like YYYY-Www with a week number from 1 to 53");
        if (week > ISOWeek.GetWeeksInYear(year))
            return (null, $"ISO year {year} has no week {week}");
        return (ISOWeek.ToDateTime(year, week, DayOfWeek.Monday), null);
    }

    public static string Daily(string stateDb, string dateText, DateTime day)
    {
        var (summary, metrics) = Compute(stateDb, day, day.AddDays(1));
        return $"{{\"date\":{JsonText.Str(dateText)},\"summary\":{JsonText.Str(summary)},\"metrics\":{metrics.ToCompactJson()}}}";
    }

    public static string Weekly(string stateDb, string weekText, DateTime monday)
    {
        var (summary, metrics) = Compute(stateDb, monday, monday.AddDays(7));
        return $"{{\"week\":{JsonText.Str(weekText)},\"summary\":{JsonText.Str(summary)},\"metrics\":{metrics.ToCompactJson()}}}";
    }

    private static (string Summary, PipelineMetrics Metrics) Compute(string stateDb, DateTime from, DateTime to)
    {
        // Bounds are RFC 3339 strings, compared as strings, so `assets.updated_at` (space, no zone) sorts into the
        // previous day.
        var a = Timestamps.Rfc3339Offset(from).Replace(".000000", "");
        var b = Timestamps.Rfc3339Offset(to).Replace(".000000", "");
        using var conn = StateDb.Open(stateDb);
        var plans = StateDb.Strings(conn, "SELECT payload_json FROM plans WHERE updated_at >= $a AND updated_at < $b",
            ("$a", a), ("$b", b));
        var assets = StateDb.Strings(conn, "SELECT payload_json FROM assets WHERE updated_at >= $a AND updated_at < $b",
            ("$a", a), ("$b", b));
        var audits = StateDb.Strings(conn, "SELECT payload_json FROM audit_events WHERE ts >= $a AND ts < $b",
            ("$a", a), ("$b", b));
        var samples = MetricSamples.InRange(conn, a, b);

        var passed = assets.Count(p => Field(p, "qa_status") == "Passed");
        var qaFailed = assets.Count(p => Field(p, "qa_status") == "Rejected");
        var fallbackEvents = audits.Count(p => Field(p, "reason_code").Contains("FALLBACK", StringComparison.Ordinal));
        var curatorEvents = audits.Count(p => Field(p, "module") == "vvtv-curator");

        var metrics = samples.Count > 0
            ? Average(samples)
            : new PipelineMetrics(0, (ulong)plans.Count, (ulong)assets.Count,
                assets.Count == 0 ? 0f : (float)passed / assets.Count,
                plans.Count == 0 ? 0f : (float)fallbackEvents / plans.Count,
                (ulong)curatorEvents, 0);

        var domains = plans.Select(p => Field(p, "source_domain")).Where(d => d.Length > 0)
            .GroupBy(d => d).OrderBy(g => g.Key, StringComparer.Ordinal).Take(3).Select(g => $"{g.Key}:{g.Count()}");
        var summary = string.Join(" ",
            $"plans={plans.Count}", $"assets={assets.Count}", $"qa_failed={qaFailed}",
                $"fallback_events={fallbackEvents}",
            $"curator_actions={metrics.CuratorActions}", $"avg_buffer={metrics.BufferMinutes}m",
            $"domains=[{string.Join(", ", domains)}]",
            $"qa_pass_rate={metrics.QaPassRate.ToString("0.00", CultureInfo.InvariantCulture)}",
            $"fallback_rate={metrics.FallbackRate.ToString("0.00", CultureInfo.InvariantCulture)}");
        return (summary, metrics);
    }

    private static PipelineMetrics Average(List<PipelineMetrics> s)
    {
        var n = s.Count;
        return new PipelineMetrics(
            s.Sum(x => x.BufferMinutes) / n,
            (ulong)s.Sum(x => (decimal)x.PlansCreated) / (ulong)n,
            (ulong)s.Sum(x => (decimal)x.PlansCommitted) / (ulong)n,
            s.Sum(x => x.QaPassRate) / n,
            s.Sum(x => x.FallbackRate) / n,
            (ulong)s.Sum(x => (decimal)x.CuratorActions) / (ulong)n,
            (ulong)s.Sum(x => (decimal)x.StreamDisruptions) / (ulong)n);
    }

    private static string Field(string payload, string name)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload);
            return doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
