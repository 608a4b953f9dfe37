using System.Text.Json.Serialization;

namespace Soak;

/// <summary>
/// The sample line's contract generated at compile time, so writing a sample (and any reader that deserializes one)
/// builds no contract by reflection. Names and converters still come from <see cref="SoakJson"/>'s options, which use
/// this context first. The journal itself reads lines with <see cref="SampleLine"/>.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SoakSampleRecord))]
internal sealed partial class SoakJsonContext : JsonSerializerContext;
