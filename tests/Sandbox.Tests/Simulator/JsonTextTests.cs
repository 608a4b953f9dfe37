using System.Text.Encodings.Web;
using System.Text.Json;
using Simulator.Common;

namespace Sandbox.Tests.Simulator;

/// <summary>
/// JSON strings the simulator writes without the reflection-based serializer (its native AOT form has none) escape
/// exactly as that serializer with the same encoder did.
/// </summary>
[TestFixture, Parallelizable]
public sealed class JsonTextTests
{
    private static readonly JsonSerializerOptions Relaxed =
        new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Looped in one test, not test cases: a lone surrogate in a test's name breaks the runner's XML report.
    private static readonly string[] Strings =
    [
        "",
        "plain ascii",
        "quote \" backslash \\ slash /",
        "html <b>&amp;</b> 'single' `tick` +",
        "\b\f\n\r\t",
        string.Concat(Enumerable.Range(0, 32).Select(c => (char)c)) + "\u007f",
        "caf\u00e9 na\u00efve \u00fcber \u4e2d\u6587 \u0627\u0644\u0639",
        "emoji \ud83d\ude00 and U+2028 \u2028 U+2029 \u2029 BOM \ufeff NBSP \u00a0",
        "lone high \ud800 lone low \udc00",
    ];

    [Test]
    public void Str_escapes_as_the_serializer_with_the_relaxed_encoder()
    {
        Assert.Multiple(() =>
        {
            foreach (var value in Strings)
                Assert.That(JsonText.Str(value), Is.EqualTo(JsonSerializer.Serialize(value, Relaxed)),
                    string.Join(' ', value.Select(c => ((int)c).ToString("x4"))));
        });
    }

    [Test]
    public void Quotes_backslashes_and_control_characters_are_escaped_and_non_ascii_kept() =>
        Assert.That(JsonText.Str("a\"b\\c\n\u0001 caf\u00e9 <&>"),
            Is.EqualTo("\"a\\\"b\\\\c\\n\\u0001 caf\u00e9 <&>\""));

    [Test]
    public void Null_is_the_json_literal() => Assert.That(JsonText.Str(null), Is.EqualTo("null"));
}
