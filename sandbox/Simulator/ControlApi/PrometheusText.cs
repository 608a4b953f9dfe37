using System.Text;
using Simulator.Common;

namespace Simulator.ControlApi;

/// <summary>The seven gauges of §3.6, in contract order.</summary>
public static class PrometheusText
{
    public static string Render(PipelineMetrics m)
    {
        var sb = new StringBuilder();
        void Gauge(string name, string help, string value) =>
            sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
              .Append("# TYPE ").Append(name).Append(" gauge\n")
              .Append(name).Append(' ').Append(value).Append('\n');
        Gauge("vvtv_buffer_minutes", "Queued playout minutes in the latest sample.", m.BufferMinutes.ToString());
        Gauge("vvtv_plans_created", "Plans known when the latest sample was taken.", m.PlansCreated.ToString());
        Gauge("vvtv_plans_committed", "Assets counted by the latest sample.", m.PlansCommitted.ToString());
        Gauge("vvtv_qa_pass_rate", "Share of assets that passed QA.", Numbers.Prometheus(m.QaPassRate));
        Gauge("vvtv_fallback_rate", "Share of plans left unfetched.", Numbers.Prometheus(m.FallbackRate));
        Gauge("vvtv_curator_actions", "Curation actions in the latest sample.", m.CuratorActions.ToString());
        Gauge("vvtv_stream_disruptions", "1 when the queue needed the emergency pool.", m.StreamDisruptions.ToString());
        return sb.ToString();
    }
}
