using System.Globalization;
using Simulator.Common;

namespace Simulator.ControlApi;

/// <summary>Control API configuration from the environment (§2.1, §3.1), validated before binding.</summary>
public sealed record ApiSettings(
    string Token, string Secret, string StateDb, int Port,
    float QaMin, float FallbackAbs, float FallbackGrowth, int DiscoveryFailCount,
    string? WebhookUrl, int CooldownSecs)
{
    public static ApiSettings FromEnvironment()
    {
        string? Env(string name) => Environment.GetEnvironmentVariable(name);
        var isDev = (Env("VVTV_ENV") ?? "dev") == "dev";
        var token = Env("VVTV_CONTROL_TOKEN");
        var secret = Env("VVTV_CONTROL_SECRET");
        if (!isDev)
        {
            if (token is null) throw new CliException("VVTV_CONTROL_TOKEN must be set when VVTV_ENV is not dev");
            if (secret is null) throw new CliException("VVTV_CONTROL_SECRET must be set when VVTV_ENV is not dev");
            if (token == "dev-token" || secret == "dev-secret")
                throw new CliException("default dev secrets are not allowed outside dev " +
                    "(VVTV_CONTROL_TOKEN/VVTV_CONTROL_SECRET)");
        }
        // Test-only port override; the real API cannot move off 7070.
        var port = int.TryParse(Env("VVTV_SIM_API_PORT"), out var p) && p is > 0 and < 65536 ? p : 7070;
        return new ApiSettings(
            token ?? "dev-token", secret ?? "dev-secret", Env("VVTV_STATE_DB") ?? "runtime/state/vvtv.db", port,
            Float(Env("VVTV_ALERT_QA_MIN"), 0.85f), Float(Env("VVTV_ALERT_FALLBACK_ABS"), 0.30f),
            Float(Env("VVTV_ALERT_FALLBACK_GROWTH"), 0.15f), Int(Env("VVTV_ALERT_DISCOVERY_FAIL_COUNT"), 3),
            Env("VVTV_ALERT_WEBHOOK_URL"), Int(Env("VVTV_ALERT_COOLDOWN_SECS"), 900));
    }

    private static float Float(string? text, float fallback) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    private static int Int(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : fallback;
}
