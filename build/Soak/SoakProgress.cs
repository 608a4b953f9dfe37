using Serilog;
using Spectre.Console;

namespace Soak;

/// <summary>Where an engine reports each sample it took.</summary>
public interface ISoakProgress
{
    void Sampled(SoakSampleRecord sample);
}

/// <summary>
/// Progress of a long soak: a Spectre.Console bar on an interactive terminal (samples done of expected, elapsed, ETA,
/// last buffer and alert count), a plain log line every few minutes elsewhere (CI logs, redirected output).
/// </summary>
public static class SoakProgress
{
    public static async Task<T> RunAsync<T>(SoakPlan plan, int done, bool terminal, TimeSpan every,
        Func<ISoakProgress, Task<T>> work)
    {
        if (terminal && AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask(Describe(done, plan.ExpectedSamples, null), maxValue: plan.ExpectedSamples);
                    task.Value = done;
                    return await work(new BarProgress(task, plan.ExpectedSamples));
                });
        }
        var lines = new LineProgress(plan, every);
        var result = await work(lines);
        return result;
    }

    private static string Describe(int done, int expected, SoakSampleRecord? last) =>
        Markup.Escape($"soak {done}/{expected}" + (last is null
            ? "" : $" · buffer {Show(last.BufferMinutes)} min · alerts {Show(last.AlertCount)} · {last.Outcome}"));

    private static string Show(double? v) => v is { } x
        ? x.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
    private static string Show(int? v) => v is { } x
        ? x.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";

    private sealed class BarProgress(ProgressTask task, int expected) : ISoakProgress
    {
        public void Sampled(SoakSampleRecord sample)
        {
            task.Value = sample.K + 1;
            task.Description = Describe(sample.K + 1, expected, sample);
        }
    }

    private sealed class LineProgress(SoakPlan plan, TimeSpan every) : ISoakProgress
    {
        private DateTimeOffset _next = DateTimeOffset.MinValue;

        public void Sampled(SoakSampleRecord sample)
        {
            var now = DateTimeOffset.UtcNow;
            var done = sample.K + 1;
            if (now < _next && done < plan.ExpectedSamples && sample.Outcome == SampleOutcome.Success) return;
            _next = now + every;
            // Each sample still to come is at least one interval away. Not the plan's due times: this plan was
            // captured before sampling started (once the services answered), and the script keeps its own, slower
            // schedule (D-SK1).
            var eta = TimeSpan.FromSeconds((double)plan.IntervalSecs * (plan.ExpectedSamples - done));
            Log.Information("Soak {Done}/{Expected} samples, elapsed {Elapsed:l}, ETA {Eta:l}, buffer "
                + "{Buffer:l} min, alerts {Alerts:l}, last sample {Outcome:l}",
                done, plan.ExpectedSamples, Format(now - plan.Segments[0].StartedAt),
                    Format(eta < TimeSpan.Zero ? TimeSpan.Zero : eta),
                Show(sample.BufferMinutes), Show(sample.AlertCount), sample.Outcome.ToString());
        }

        private static string Format(TimeSpan t) => t.TotalHours >= 1
            ? $"{(int)t.TotalHours}h{t.Minutes:00}m" : $"{t.Minutes}m{t.Seconds:00}s";
    }
}
