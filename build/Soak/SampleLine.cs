using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Soak;

/// <summary>
/// Reads one line of samples.jsonl with <see cref="Utf8JsonReader"/> straight from its bytes: a resume reads every line
/// of a 24-hour journal, and the serializer's generic machinery took longer to warm up than the lines took to read.
/// As strict as the serializer with <see cref="SoakJson.Line"/>: one object and nothing after it, every required field
/// present and of its type, times with milliseconds, the outcome one of its three words; unknown fields are skipped.
/// Lines are written with the serializer, and a test reads back every field of what it wrote.
/// </summary>
internal static class SampleLine
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SoakSampleRecord? Parse(ReadOnlySpan<byte> utf8)
    {
        var r = new Utf8JsonReader(utf8);
        try { return ReadSample(ref r); }
        catch (InvalidOperationException e) { throw Refused(r, e.Message); }
        catch (FormatException e) { throw Refused(r, e.Message); }
    }

    private static SoakSampleRecord? ReadSample(ref Utf8JsonReader r)
    {
        if (Next(ref r) == JsonTokenType.Null && !r.Read()) return null;
        int? k = null;
        DateTimeOffset? t = null;
        SampleOutcome? outcome = null;
        IReadOnlyList<string>? reasons = null, blocking = null;
        EndpointReading? status = null, metrics = null, alerts = null;
        string? state = null, newest = null;
        double? buffer = null, disruptions = null;
        int? alertCount = null;
        long? rows = null;
        bool? lagging = null, alive = null;
        Expect(ref r, JsonTokenType.StartObject);
        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("k"u8)) k = Int(ref r) ?? throw Refused(r, "'k' is null");
            else if (r.ValueTextEquals("t"u8)) t = SoakJson.ParseTime(Text(ref r, "t"));
            else if (r.ValueTextEquals("outcome"u8)) outcome = Outcome(Text(ref r, "outcome"));
            else if (r.ValueTextEquals("reasons"u8)) reasons = Strings(ref r);
            else if (r.ValueTextEquals("status"u8)) status = Reading(ref r);
            else if (r.ValueTextEquals("metrics"u8)) metrics = Reading(ref r);
            else if (r.ValueTextEquals("alerts"u8)) alerts = Reading(ref r);
            else if (r.ValueTextEquals("state"u8)) state = Str(ref r);
            else if (r.ValueTextEquals("buffer_minutes"u8)) buffer = Double(ref r);
            else if (r.ValueTextEquals("stream_disruptions"u8)) disruptions = Double(ref r);
            else if (r.ValueTextEquals("alert_count"u8)) alertCount = Int(ref r);
            else if (r.ValueTextEquals("blocking_alerts"u8)) blocking = Strings(ref r);
            else if (r.ValueTextEquals("metric_rows"u8)) rows = Long(ref r);
            else if (r.ValueTextEquals("metrics_newest"u8)) newest = Str(ref r);
            else if (r.ValueTextEquals("metrics_lagging"u8)) lagging = Bool(ref r);
            else if (r.ValueTextEquals("orchestrator_alive"u8)) alive = Bool(ref r);
            else Skip(ref r);
        }
        if (r.Read()) throw Refused(r, "more after the sample's object");
        return new SoakSampleRecord
        {
            K = k ?? throw Missing(r, "k"), T = t ?? throw Missing(r, "t"),
            Outcome = outcome ?? throw Missing(r, "outcome"), Reasons = reasons ?? throw Missing(r, "reasons"),
            Status = status ?? throw Missing(r, "status"), Metrics = metrics ?? throw Missing(r, "metrics"),
            Alerts = alerts ?? throw Missing(r, "alerts"), State = state, BufferMinutes = buffer,
            StreamDisruptions = disruptions, AlertCount = alertCount, BlockingAlerts = blocking ?? [],
            MetricRows = rows, MetricsNewest = newest, MetricsLagging = lagging, OrchestratorAlive = alive,
        };
    }

    private static EndpointReading Reading(ref Utf8JsonReader r)
    {
        Next(ref r);
        Expect(ref r, JsonTokenType.StartObject);
        int? code = null;
        double? latency = null;
        string? error = null;
        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("code"u8)) code = Int(ref r);
            else if (r.ValueTextEquals("latency_ms"u8)) latency = Double(ref r);
            else if (r.ValueTextEquals("error"u8)) error = Str(ref r);
            else Skip(ref r);
        }
        return new EndpointReading(code, latency, error);
    }

    private static List<string> Strings(ref Utf8JsonReader r)
    {
        Next(ref r);
        Expect(ref r, JsonTokenType.StartArray);
        var list = new List<string>();
        while (Next(ref r) != JsonTokenType.EndArray)
        {
            Expect(ref r, JsonTokenType.String);
            list.Add(r.GetString()!);
        }
        return list;
    }

    private static SampleOutcome Outcome(string word) =>
        word.Equals("success", StringComparison.OrdinalIgnoreCase) ? SampleOutcome.Success
        : word.Equals("failure", StringComparison.OrdinalIgnoreCase) ? SampleOutcome.Failure
        : word.Equals("error", StringComparison.OrdinalIgnoreCase) ? SampleOutcome.Error
        : throw new JsonException($"outcome '{word}' is not success, failure or error");

    private static string Text(ref Utf8JsonReader r, string name)
    {
        Next(ref r);
        if (r.TokenType != JsonTokenType.String) throw Refused(r, $"'{name}' is not a string");
        return r.GetString()!;
    }

    // The value after a property name, null when it is null; a value of another type is refused by the reader.
    private static int? Int(ref Utf8JsonReader r) => IsNull(ref r) ? null : r.GetInt32();
    private static long? Long(ref Utf8JsonReader r) => IsNull(ref r) ? null : r.GetInt64();
    private static double? Double(ref Utf8JsonReader r) => IsNull(ref r) ? null : r.GetDouble();
    private static bool? Bool(ref Utf8JsonReader r) => IsNull(ref r) ? null : r.GetBoolean();
    private static string? Str(ref Utf8JsonReader r) => IsNull(ref r) ? null : r.TokenType == JsonTokenType.String
        ? r.GetString() : throw Refused(r, $"{r.TokenType} where a string was expected");

    private static bool IsNull(ref Utf8JsonReader r) => Next(ref r) == JsonTokenType.Null;

    private static void Skip(ref Utf8JsonReader r)
    {
        Next(ref r);
        r.Skip();
    }

    private static JsonTokenType Next(ref Utf8JsonReader r) =>
        r.Read() ? r.TokenType : throw Refused(r, "the line ends inside the sample");

    private static void Expect(ref Utf8JsonReader r, JsonTokenType type)
    {
        if (r.TokenType == JsonTokenType.None) Next(ref r);
        if (r.TokenType != type) throw Refused(r, $"{r.TokenType} where {type} was expected");
    }

    private static JsonException Missing(Utf8JsonReader r, string name) =>
        Refused(r, $"the required field '{name}' is missing");

    private static JsonException Refused(Utf8JsonReader r, string why) =>
        new($"{why} (byte {r.BytesConsumed})");
}
