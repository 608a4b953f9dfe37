using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace Engine;

/// <summary>
/// Creates the run's Serilog logger: masked console, text and compact-JSON files under artifacts/logs.
/// </summary>
internal static class BuildLogger
{
    /// <summary>
    /// Property marking events meant for the log files only (the summary, already printed on the console).
    /// </summary>
    public const string FileOnly = "FileOnly";

    public static Logger Create(TextWriter console, Verbosity verbosity, bool colour, AbsolutePath? logDirectory,
        CollectingSink collector,
        out AbsolutePath? textLog)
    {
        var level = verbosity switch
        {
            Verbosity.Quiet => LogEventLevel.Error,
            Verbosity.Minimal => LogEventLevel.Warning,
            Verbosity.Verbose => LogEventLevel.Verbose,
            _ => LogEventLevel.Information,
        };
        var config = new LoggerConfiguration().MinimumLevel.Verbose()
            .WriteTo.Sink(new MaskingSink(new ConsoleFormatter(colour, traces: verbosity == Verbosity.Verbose),
                () => console,
                include: e => !e.Properties.ContainsKey(FileOnly)), level)
            .WriteTo.Sink(collector);
        textLog = null;
        if (logDirectory is { } dir)
        {
            var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff");
            var text = dir / $"build-{stamp}.log";
            var json = dir / $"build-{stamp}.json";
            textLog = text;
            // Files are opened on the first event so runs that log nothing stay cheap.
            config = config
                .WriteTo.Sink(new MaskingSink(new MessageTemplateTextFormatter(
                        "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}{Exception}"),
                    () => Open(text), ownsWriter: true))
                .WriteTo.Sink(new MaskingSink(new CompactJsonFormatter(), () => Open(json), ownsWriter: true));
        }
        return config.CreateLogger();
    }

    private static StreamWriter Open(AbsolutePath path)
    {
        path.Parent.CreateDirectory();
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        return new StreamWriter(stream) { AutoFlush = true };
    }
}
