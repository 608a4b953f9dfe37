using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Engine;

namespace Soak;

/// <summary>
/// JSON conventions of the soak's files: snake_case names, enums as lowercase words, times as ISO-8601 UTC with
/// milliseconds.
/// </summary>
public static class SoakJson
{
    public static readonly JsonSerializerOptions Line = Create(indented: false);
    public static readonly JsonSerializerOptions Document = Create(indented: true);

    /// <summary>One line of samples.jsonl, with <see cref="Line"/>'s conventions.</summary>
    public static readonly JsonTypeInfo<SoakSampleRecord> Sample =
        (JsonTypeInfo<SoakSampleRecord>)Line.GetTypeInfo(typeof(SoakSampleRecord));

    /// <summary>The one time format of the soak's files, e.g. 2026-11-24T06:20:30.123Z.</summary>
    public static string Time(DateTimeOffset t) => UtcTime.Millis(t);

    /// <summary>A time written by <see cref="Time"/>; anything else is a <see cref="JsonException"/>.</summary>
    public static DateTimeOffset ParseTime(string? text) => UtcTime.TryParse(text, UtcTime.MillisFormat, out var t)
        ? t
        : throw new JsonException($"time '{text}' is not ISO-8601 UTC with milliseconds (yyyy-MM-ddTHH:mm:ss.fffZ)");

    private static JsonSerializerOptions Create(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = indented,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false),
            new UtcMillisConverter() },
        TypeInfoResolver = JsonTypeInfoResolver.Combine(SoakJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    private sealed class UtcMillisConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert,
            JsonSerializerOptions options)
        {
            return ParseTime(reader.GetString());
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value,
            JsonSerializerOptions options) => writer.WriteStringValue(Time(value));
    }
}
