using Checklist;
using Vvtv;

/// <summary>Checklist section "Security and secrets": the environment the workspace's commands get, and signed-request
/// auth.</summary>
sealed class SecurityGate(GateRun gate) : IGate
{
    private const int MinSecretLength = 16;
    private const string Probe = "/v1/control/reload-owner-card";

    public async Task CheckItemsAsync()
    {
        ProductionEnvironment();
        NonDevSecrets();
        CloudflareCredentials();
        await SignedRequestAuthAsync();
    }

    private void ProductionEnvironment() =>
        gate.Prove("security.production-env", p =>
        {
            var env = gate.Run.Variable("VVTV_ENV");
            p.Add(gate.Write("production-env.txt", $"VVTV_ENV={env ?? "<unset>"}\n"));
            p.Require(env == "production",
                $"VVTV_ENV is {(env is null ? "unset" : $"'{env}'")}, expected exactly 'production'");
            return "VVTV_ENV=production in the environment of every workspace command";
        });

    private void NonDevSecrets() =>
        gate.Prove("security.non-dev-secrets", p =>
        {
            var token = gate.Run.ControlToken;
            var secret = gate.Run.ControlSecret;
            var checks = new (bool Ok, string What)[]
            {
                (token != "dev-token", "VVTV_CONTROL_TOKEN is not dev-token"),
                (secret != "dev-secret", "VVTV_CONTROL_SECRET is not dev-secret"),
                (token.Length >= MinSecretLength, $"VVTV_CONTROL_TOKEN has at least {MinSecretLength} characters"),
                (secret.Length >= MinSecretLength, $"VVTV_CONTROL_SECRET has at least {MinSecretLength} characters"),
                (token != secret, "token and secret differ"),
            };
            // Values never reach evidence: only what was checked.
            p.Add(gate.Write("non-dev-secrets.txt",
                string.Concat(checks.Select(c => $"{(c.Ok ? "ok  " : "FAIL")} {c.What}\n"))));
            var failed = checks.Where(c => !c.Ok).Select(c => c.What).ToList();
            p.Require(failed.Count == 0, $"not satisfied: {string.Join("; ", failed)}");
            return "control token and secret are set, not the dev literals, long enough and distinct";
        });

    private void CloudflareCredentials() =>
        gate.Prove("security.cloudflare-credentials", p =>
        {
            var baseUrl = gate.Run.Variable("VVTV_CLOUDFLARE_BASE_URL");
            var token = gate.Run.Variable("VVTV_CLOUDFLARE_TOKEN");
            var secret = gate.Run.Variable("VVTV_CLOUDFLARE_SECRET");
            p.Add(gate.Write("cloudflare-credentials.txt",
                $"VVTV_CLOUDFLARE_BASE_URL={baseUrl ?? "<unset>"}\nVVTV_CLOUDFLARE_TOKEN " +
                    $"{(string.IsNullOrEmpty(token) ? "empty or unset" : "set")}\nVVTV_CLOUDFLARE_SECRET " +
                        $"{(string.IsNullOrEmpty(secret) ? "empty or unset" : "set")}\n"));
            if (baseUrl is null) return "cloud sync is not enabled (VVTV_CLOUDFLARE_BASE_URL unset), so no " +
                "Cloudflare credentials are needed";
            p.Require(!string.IsNullOrEmpty(token) && !string.IsNullOrEmpty(secret),
                "cloud sync is enabled (VVTV_CLOUDFLARE_BASE_URL set) but VVTV_CLOUDFLARE_TOKEN or " +
                    "VVTV_CLOUDFLARE_SECRET is empty or unset");
            p.Require(token!.Length >= MinSecretLength && secret!.Length >= MinSecretLength,
                $"Cloudflare token and secret need at least {MinSecretLength} characters");
            return $"cloud sync enabled ({baseUrl}) with a non-empty Cloudflare token and secret";
        });

    // One correct and three wrong requests on the side-effect-free probe (Appendix B), plus a stale timestamp.
    private Task SignedRequestAuthAsync() =>
        gate.ProveAsync("security.signed-request-auth", async p =>
        {
            await using var api = await gate.StartApiAsync();
            p.Add(gate.EvidencePath("control-api.log"));
            var token = gate.Run.ControlToken;
            var secret = gate.Run.ControlSecret;
            var staleTs = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 400).ToString();
            var probes = new (string Name, SignedCallOptions Options, int Status, string Body)[]
            {
                ("no Authorization header", new() { OmitAuthorization = true }, 401, "invalid token"),
                ("correct token, no ts/signature headers", new() { OmitSignatureHeaders = true }, 401,
                    "missing signature headers"),
                ("correct token, wrong signature", new() { SignatureOverride = new string('0', 64) }, 401,
                    "invalid signature"),
                ("correctly signed, timestamp 400 s old",
                    new() { TimestampOverride = staleTs,
                        SignatureOverride = HmacSigner.SignControl(secret, Probe, staleTs) }, 401, "stale timestamp"),
                ("correctly signed", new(), 200, ""),
            };
            var results = new List<object>();
            var wrong = new List<string>();
            foreach (var probe in probes)
            {
                var r = await api.Client.PostSignedAsync(Probe, token, secret, probe.Options, gate.Ct);
                results.Add(new { probe = probe.Name, expected_status = probe.Status, status = r.StatusCode,
                    body = r.Body });
                if (probe.Status == 200)
                {
                    if (r.StatusCode == 401) gate.NoGo(NoGoCause.Auth,
                        $"a correctly signed POST {Probe} got 401 '{r.Body}'");
                    if (r.StatusCode != 200) wrong.Add($"{probe.Name}: HTTP {r.StatusCode} '{r.Body}'");
                    else
                        try { ControlResponses.ParseReloadOwnerCard(r.Body, $"POST {Probe}"); }
                        catch (VvtvFormatException e) { wrong.Add($"{probe.Name}: {e.Message}"); }
                }
                else if (r.StatusCode != probe.Status || r.Body.Trim() != probe.Body)
                    wrong.Add($"{probe.Name}: expected {probe.Status} '{probe.Body}', got {r.StatusCode} '{r.Body}'");
            }
            p.Add(gate.WriteJson("auth-probes.json", results));
            p.Require(wrong.Count == 0, string.Join("; ", wrong));
            return $"POST {Probe}: correctly signed → 200; no token → 401 invalid token; " +
                "no signature headers → 401 missing signature headers; bad signature → 401 invalid signature; " +
                "stale → 401 stale timestamp";
        });
}
