using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace Engine;

/// <summary>
/// Console lines: plain text, with ANSI colour for warnings/errors/headers only when writing to a terminal. An error's
/// stack trace is shown for bugs; for expected failures (<see cref="ExpectedErrors"/>) only with
/// <paramref name="traces"/>.
/// </summary>
internal sealed class ConsoleFormatter(bool colour, bool traces = false) : ITextFormatter
{
    private static readonly MessageTemplateTextFormatter Literal = new("{Message:lj}");

    /// <summary>The message with strings unquoted ("hello world", not "hello \"world\"").</summary>
    public static string Render(LogEvent e)
    {
        var w = new StringWriter();
        Literal.Format(e, w);
        return w.ToString();
    }

    public void Format(LogEvent e, TextWriter output)
    {
        var message = Render(e);
        var isHeader = e.Properties.ContainsKey("TargetHeader");
        var (prefix, colourCode) = e.Level switch
        {
            LogEventLevel.Warning => ("WRN ", "33"),
            LogEventLevel.Error or LogEventLevel.Fatal => ("ERR ", "31"),
            LogEventLevel.Debug or LogEventLevel.Verbose => ("", "90"),
            _ => ("", isHeader ? "36;1" : null),
        };
        var line = isHeader ? message : $"{e.Timestamp:HH:mm:ss} {prefix}{message}";
        if (colour && colourCode is not null) line = $"\u001b[{colourCode}m{line}\u001b[0m";
        output.WriteLine(line);
        if (e.Exception is { } ex && e.Level >= LogEventLevel.Error && (traces || ExpectedErrors.Describe(ex) is null))
            output.WriteLine(ex.ToString());
    }
}
