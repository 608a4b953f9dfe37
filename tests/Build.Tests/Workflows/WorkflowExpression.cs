using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Build.Tests.Workflows;

/// <summary>
/// GitHub's <c>${{ … }}</c> expressions, as far as the generated workflows use them: contexts (<c>inputs.x</c>,
/// <c>vars.X</c>, <c>secrets.X</c>, <c>github.x</c>, <c>runner.os</c>), string literals, <c>==</c>, <c>!=</c>,
/// <c>&amp;&amp;</c>,
/// <c>||</c> (returning an operand, as GitHub does), parentheses and the functions <c>fromJSON</c>, <c>hashFiles</c>,
/// <c>always</c>, <c>success</c>, <c>failure</c>. Anything else is an error naming the expression.
/// </summary>
internal sealed class WorkflowExpression
{
    private readonly string _text;
    private readonly Func<string, object?> _context;
    private readonly Func<string, object?[], object?> _function;
    private int _at;

    private WorkflowExpression(string text, Func<string, object?> context, Func<string, object?[], object?> function)
    {
        _text = text;
        _context = context;
        _function = function;
    }

    /// <summary>Replaces every <c>${{ … }}</c> in <paramref name="template"/> by its value as a string.</summary>
    public static string Substitute(string template, Func<string, object?> context, Func<string, object?[],
        object?> function)
    {
        var result = new StringBuilder();
        var at = 0;
        while (template.IndexOf("${{", at, StringComparison.Ordinal) is var start and >= 0)
        {
            var end = template.IndexOf("}}", start, StringComparison.Ordinal);
            if (end < 0) throw new FormatException($"unclosed expression in '{template}'");
            result.Append(template, at, start - at).Append(AsString(Evaluate(template[(start + 3)..end], context,
                function)));
            at = end + 2;
        }
        return result.Append(template, at, template.Length - at).ToString();
    }

    /// <summary>The value of one expression (the text between <c>${{</c> and <c>}}</c>).</summary>
    public static object? Evaluate(string text, Func<string, object?> context, Func<string, object?[],
        object?> function)
    {
        var e = new WorkflowExpression(text, context, function);
        var value = e.Or();
        e.Skip();
        if (e._at < text.Length) throw new FormatException($"unexpected '{text[e._at..]}' in expression '{text}'");
        return value;
    }

    public static bool Truthy(object? v) => v switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        double d => d != 0,
        _ => true,
    };

    public static string AsString(object? v) => v switch
    {
        null => "",
        bool b => b ? "true" : "false",
        double d => d.ToString(CultureInfo.InvariantCulture),
        JsonElement j => j.GetRawText(),
        _ => v.ToString() ?? "",
    };

    private object? Or()
    {
        var left = And();
        while (Take("||")) { var right = And(); left = Truthy(left) ? left : right; }
        return left;
    }

    private object? And()
    {
        var left = Equality();
        while (Take("&&")) { var right = Equality(); left = Truthy(left) ? right : left; }
        return left;
    }

    private object? Equality()
    {
        var left = Primary();
        if (Take("==")) return Same(left, Primary());
        if (Take("!=")) return !Same(left, Primary());
        return left;
    }

    // GitHub compares strings case-insensitively.
    private static bool Same(object? a, object? b) => string.Equals(AsString(a), AsString(b),
        StringComparison.OrdinalIgnoreCase);

    private object? Primary()
    {
        Skip();
        if (Take("(")) { var inner = Or(); Expect(")"); return inner; }
        if (Take("'"))
        {
            var value = new StringBuilder();
            while (true)
            {
                if (_at >= _text.Length) throw new FormatException($"unclosed string in expression '{_text}'");
                if (_text[_at] == '\'' && (_at + 1 >= _text.Length || _text[_at + 1] != '\'')) { _at++; break; }
                if (_text[_at] == '\'') _at++;
                value.Append(_text[_at++]);
            }
            return value.ToString();
        }
        var start = _at;
        while (_at < _text.Length && (char.IsLetterOrDigit(_text[_at]) || _text[_at] is '_' or '-' or '.')) _at++;
        var word = _text[start.._at];
        if (word.Length == 0) throw new FormatException($"unexpected '{_text[start..]}' in expression '{_text}'");
        if (word is "true" or "false") return word == "true";
        if (word == "null") return null;
        if (double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return number;
        Skip();
        if (!Take("(")) return _context(word);
        var arguments = new List<object?>();
        Skip();
        if (!Take(")"))
        {
            do arguments.Add(Or()); while (Take(","));
            Expect(")");
        }
        return word.Equals("fromJSON", StringComparison.OrdinalIgnoreCase)
            ? JsonSerializer.Deserialize<JsonElement>(AsString(arguments.Single()))
            : _function(word, [.. arguments]);
    }

    private void Skip() { while (_at < _text.Length && char.IsWhiteSpace(_text[_at])) _at++; }

    private bool Take(string token)
    {
        Skip();
        if (string.CompareOrdinal(_text, _at, token, 0, token.Length) != 0) return false;
        _at += token.Length;
        return true;
    }

    private void Expect(string token)
    {
        if (!Take(token)) throw new FormatException($"expected '{token}' at {_at} in expression '{_text}'");
    }
}
