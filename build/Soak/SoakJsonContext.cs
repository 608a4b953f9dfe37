using System.Text.Json.Serialization;

namespace Soak;

/// <summary>
/// The sample line's contract generated at compile time: a resume reads every line of samples.jsonl, and building the
/// contract by reflection cost more than reading a 100,000-sample journal. Names and converters still come from
/// <see cref="SoakJson"/>'s options, which use this context first.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SoakSampleRecord))]
internal sealed partial class SoakJsonContext : JsonSerializerContext;
