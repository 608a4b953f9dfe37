using System.Diagnostics;
using Simulator.Admin;
using Simulator.Common;
using Simulator.ControlApi;

namespace Simulator.SelfTest;

/// <summary>The checks behind the sandbox's `cargo test`, printed in libtest's format.</summary>
public static class SelfTests
{
    private const string SampleCard = """
        schema_version: 1
        editorial_profile: {target_avg_duration_sec: 900, max_consecutive_same_theme: 2, min_unique_themes_per_block: 3}
        search_policy: {allowlist_domains: [a.example.test], blacklist_domains: [b.example.test], blocked_keywords: [x]}
        schedule_policy: {planning_horizon_hours: 24, commit_lead_hours: 4, commit_interval_minutes: 30, buffer_target_minutes: 60, buffer_critical_minutes: 20}
        quality_policy: {min_resolution_height: 720, target_audio_lufs: -16.0, max_audio_deviation_lufs: 2.5}
        music_policy: {preferred_moods: [calm], block_music_ratio: 0.2}
        curator_policy: {auto_apply: true, min_confidence: 0.75, max_reorders_per_hour: 4}
        safety_policy: {require_hd_playback_confirmation: true, reject_suspicious_watermark: true}
        autotune_policy: {max_daily_adjustment_pct: 5.0, enabled: true}
        """;

    private static readonly (string Name, Action Check)[] Checks =
    [
        ("auth::hmac_matches_emergency_vector", () => Expect(
            Hmac.Sign("dev-secret", Hmac.Canonical("POST", "/v1/control/emergency-mode", "1700000000", "")),
            "1a738ed3c741c8f898087bd9bcd54306e460dcf393eb793649e5714d89ef0e9a")),
        ("auth::hmac_matches_reload_vector", () => Expect(
            Hmac.Sign("dev-secret", Hmac.Canonical("POST", "/v1/control/reload-owner-card", "1700000000", "")),
            "43aba47ac2d0076409f4b0b8b6c52dace45164af38634c0785be2b9082292424")),
        ("owner_card::sample_is_valid", () => OwnerCard.OwnerCardLoader.Parse(SampleCard)),
        ("owner_card::critical_must_be_below_target", () => ExpectFailure(() =>
            OwnerCard.OwnerCardLoader.Parse(SampleCard.Replace("buffer_critical_minutes: 20",
                "buffer_critical_minutes: 60")))),
        ("admin::manifest_round_trip", () =>
        {
            var m = new Manifest(1, "2026-11-24T06:20:31.512004+00:00", "state.db", new string('a', 64),
                "owner_card.yaml", new string('b', 64));
            Expect(Manifest.Parse(m.ToJson()).ToJson(), m.ToJson());
            if (m.ToJson().EndsWith('\n')) throw new InvalidOperationException("manifest ends with a newline");
        }),
        ("metrics::prometheus_number_format", () =>
        {
            var text = PrometheusText.Render(new PipelineMetrics(20, 2, 2, 1f, 0.25f, 0, 0));
            Expect(text.Contains("\nvvtv_qa_pass_rate 1\n") && text.Contains("\nvvtv_fallback_rate 0.25\n"), true);
        }),
        ("metrics::json_keeps_decimal_point", () => Expect(Numbers.Json(1f) + "," + Numbers.Json(0.94f), "1.0,0.94")),
    ];

    public static int Run(string[] args)
    {
        var filter = Filter(args);
        var selected = Checks.Where(c => filter is null || c.Name.Contains(filter, StringComparison.Ordinal)).ToList();
        var injectFailure = Faults.FromEnvironment().Has("test-failure");
        var watch = Stopwatch.StartNew();
        Console.WriteLine();
        Console.WriteLine($"running {selected.Count + (injectFailure ? 1 : 0)} tests");
        var failures = new List<(string Name, string Why)>();
        foreach (var (name, check) in selected)
        {
            try
            {
                check();
                Console.WriteLine($"test {name} ... ok");
            }
            catch (Exception e)
            {
                Console.WriteLine($"test {name} ... FAILED");
                failures.Add((name, e.Message));
            }
        }
        if (injectFailure)
        {
            Console.WriteLine("test sandbox::injected_failure ... FAILED");
            failures.Add(("sandbox::injected_failure", "failure injected by VVTV_SIM_FAULTS=test-failure"));
        }
        if (failures.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("failures:");
            foreach (var (name, why) in failures) Console.WriteLine($"\n---- {name} stdout ----\n{why}");
            Console.WriteLine();
            Console.WriteLine("failures:");
            foreach (var (name, _) in failures) Console.WriteLine($"    {name}");
        }
        var passed = selected.Count + (injectFailure ? 1 : 0) - failures.Count;
        Console.WriteLine();
        Console.WriteLine($"test result: {(failures.Count == 0 ? "ok" : "FAILED")}. {passed} passed; {failures.Count} " +
            $"failed; 0 ignored; 0 measured; {Checks.Length - selected.Count} filtered out; finished in " +
                $"{watch.Elapsed.TotalSeconds:0.00}s");
        Console.WriteLine();
        if (failures.Count == 0) return 0;
        Console.Error.WriteLine("error: test failed, to rerun pass `-p vvtv-sandbox --lib`");
        return 101;
    }

    /// <summary>The first libtest positional argument; values of libtest's valued flags are skipped.</summary>
    private static string? Filter(string[] args)
    {
        string[] valued = ["--test-threads", "--skip", "--format", "--color", "--logfile", "-Z"];
        for (var i = 0; i < args.Length; i++)
        {
            if (valued.Contains(args[i])) { i++; continue; }
            if (!args[i].StartsWith('-')) return args[i];
        }
        return null;
    }

    private static void Expect<T>(T actual, T expected)
    {
        if (!EqualityComparer<T>.Default.Equals(actual, expected))
            throw new InvalidOperationException($"expected `{expected}`, got `{actual}`");
    }

    private static void ExpectFailure(Action action)
    {
        try { action(); }
        catch (CliException) { return; }
        throw new InvalidOperationException("expected a validation error");
    }
}
