using System.Security.Cryptography;
using Engine;

/// <summary>The variables a run gives every workspace command, and which of their values are secrets.</summary>
public sealed record RunEnvironment(Dictionary<string, string?> Variables, IReadOnlyList<string> Secrets)
{
    /// <summary>Names of the secrets a checkout's run must find in the environment.</summary>
    public static readonly string[] RequiredSecrets = ["VVTV_CONTROL_TOKEN", "VVTV_CONTROL_SECRET"];

    private static readonly string[] OptionalSecrets = ["VVTV_CLOUDFLARE_TOKEN", "VVTV_CLOUDFLARE_SECRET"];

    /// <summary>
    /// A sandbox run is a production run with secrets nobody has seen: fresh random control token and secret,
    /// Cloudflare sync pointed at the local Worker port with fresh credentials (the orchestrator refuses production
    /// without them), the backup keys inside the copy, and the sandbox's cargo first on PATH.
    /// </summary>
    public static RunEnvironment ForSandbox(AbsolutePath workspace, AbsolutePath sandboxDirectory)
    {
        var token = Random("tok");
        var secret = Random("sec");
        var cfToken = Random("cft");
        var cfSecret = Random("cfs");
        var variables = new Dictionary<string, string?>
        {
            ["PATH"] = $"{sandboxDirectory / "bin"}:{System.Environment.GetEnvironmentVariable("PATH")}",
            ["VVTV_ENV"] = "production",
            ["VVTV_API_URL"] = Vvtv.ControlApiAddress.DefaultUrl,
            ["VVTV_CONTROL_TOKEN"] = token,
            ["VVTV_CONTROL_SECRET"] = secret,
            // Production needs sync configured; until CloudflareVerify starts its Worker, the nightlies push to a port
            // nothing of anyone's listens on (a fixed 8787 could be another run's Worker, which would then receive this
            // run's reports).
            ["VVTV_CLOUDFLARE_BASE_URL"] = $"http://127.0.0.1:{Vvtv.LoopbackPorts.Free()}",
            ["VVTV_CLOUDFLARE_TOKEN"] = cfToken,
            ["VVTV_CLOUDFLARE_SECRET"] = cfSecret,
            ["VVTV_BACKUP_KEY_DIR"] = workspace / "runtime" / "keys",
        };
        return new RunEnvironment(variables, [token, secret, cfToken, cfSecret]);
    }

    /// <summary>
    /// A checkout's run takes its secrets from the environment; a missing control token or secret fails naming the
    /// variable.
    /// </summary>
    public static RunEnvironment FromProcess(AbsolutePath workspace)
    {
        var missing = RequiredSecrets.Where(n => string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable(n)))
            .ToList();
        BuildAssert.True(missing.Count == 0,
            $"{string.Join(" and ", missing)} must be set in the environment to release {workspace}: the control API " +
            "and the signed runbook calls need them (a sandbox run generates its own)");
        var variables = new Dictionary<string, string?>();
        // Set on every command: a child inherits no variable holding a secret (ProcessOptions.RemoveSecretVariables).
        foreach (var name in RequiredSecrets.Concat(OptionalSecrets))
            if (System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value) variables[name] = value;
        variables["VVTV_API_URL"] = System.Environment.GetEnvironmentVariable("VVTV_API_URL") is { Length: > 0 } url
            ? url
            : Vvtv.ControlApiAddress.DefaultUrl;
        var secrets = RequiredSecrets.Concat(OptionalSecrets).Select(System.Environment.GetEnvironmentVariable)
            .OfType<string>().Where(s => s.Length > 0).ToList();
        return new RunEnvironment(variables, secrets);
    }

    private static string Random(string prefix) =>
        $"{prefix}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))}";
}
