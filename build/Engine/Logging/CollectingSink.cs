using Serilog.Core;
using Serilog.Events;

namespace Engine;

/// <summary>Keeps warnings and errors for the recap before the summary table.</summary>
internal sealed class CollectingSink : ILogEventSink
{
    public List<(LogEventLevel Level, string Text)> Events { get; } = [];

    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Level < LogEventLevel.Warning) return;
        lock (Events) Events.Add((logEvent.Level, SecretMasker.Global.Mask(ConsoleFormatter.Render(logEvent))));
    }
}
