using Simulator.Common;

namespace Simulator.Orchestrator;

/// <summary>Orchestrator environment (§5.1), checked before anything runs.</summary>
public sealed record OrchestratorSettings(bool RunOnce, bool ForceNightly, string? CloudBaseUrl, string? CloudToken,
    string? CloudSecret)
{
    public static OrchestratorSettings FromEnvironment()
    {
        string? Env(string name) => Environment.GetEnvironmentVariable(name);
        var baseUrl = Env("VVTV_CLOUDFLARE_BASE_URL");
        var token = Env("VVTV_CLOUDFLARE_TOKEN");
        var secret = Env("VVTV_CLOUDFLARE_SECRET");
        if ((Env("VVTV_ENV") ?? "dev") != "dev")
        {
            if (baseUrl is null) throw new CliException("VVTV_CLOUDFLARE_BASE_URL must be set when " +
                "VVTV_ENV is not dev");
            if (token is null) throw new CliException("VVTV_CLOUDFLARE_TOKEN must be set when " +
                "VVTV_CLOUDFLARE_BASE_URL is set outside dev");
            if (secret is null) throw new CliException("VVTV_CLOUDFLARE_SECRET must be set when " +
                "VVTV_CLOUDFLARE_BASE_URL is set outside dev");
        }
        return new OrchestratorSettings(Env("VVTV_RUN_ONCE") == "1", Env("VVTV_FORCE_NIGHTLY") == "1", baseUrl, token,
            secret);
    }
}
