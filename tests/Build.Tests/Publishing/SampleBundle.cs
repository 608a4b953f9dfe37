using Publishing;

namespace Build.Tests.Publishing;

/// <summary>Builds a small but complete bundle input in a temporary folder.</summary>
internal static class SampleBundle
{
    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "vvtv-pub-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static BundleInput Input(string workDir, string version = "1.4.0", string? decisionMarkdown = null)
    {
        var ev = Path.Combine(workDir, "runs", "run-1", "evidence");
        Directory.CreateDirectory(Path.Combine(ev, "Test"));
        Directory.CreateDirectory(Path.Combine(ev, "Soak"));
        File.WriteAllText(Path.Combine(ev, "Test", "cargo-test.log"), "test result: ok. 42 passed; 0 failed\n");
        File.WriteAllText(Path.Combine(ev, "Soak", "summary.json"), "{\"samples\":30,\"disruptions\":0}\n");
        File.WriteAllBytes(Path.Combine(ev, "Soak", "metrics.prom"), Enumerable.Range(0, 300_000)
            .Select(i => (byte)(i * 31)).ToArray());
        var time = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
        return new BundleInput
        {
            Version = version,
            VvtvCommit = "0123456789abcdef0123456789abcdef01234567",
            Runs = [new RunReference("run-1", time, time.AddMinutes(4))
            {
                Parameters = new Dictionary<string,
                    string> { ["soak-minutes"] = "2", ["GITHUB_TOKEN"] = "ghp_secret_never_written",
                        ["vvtv-root"] = "sandbox" },
            }],
            ToolVersion = "0.1.0",
            Evidence =
            [
                new EvidenceFile(Path.Combine(ev, "Test", "cargo-test.log"), "evidence/build/cargo-test.log", "log",
                    "Test", ["build.cargo-test"]),
                new EvidenceFile(Path.Combine(ev, "Soak", "summary.json"), "evidence/soak/summary.json", "json", "Soak",
                    ["soak.verdict", "soak.run"]),
                new EvidenceFile(Path.Combine(ev, "Soak", "metrics.prom"), "evidence/soak/metrics.prom", "metrics",
                    "Soak", ["soak.artifacts"]),
            ],
            DecisionMarkdown = decisionMarkdown ?? "# GO\n\n- [x] build.cargo-test\n",
            Report = Report(version),
            ArchiveTime = time.AddMinutes(4),
        };
    }

    public static ReportModel Report(string version = "1.4.0") => new()
    {
        Version = version,
        Commit = "0123456789abcdef0123456789abcdef01234567",
        Decision = "NO-GO",
        Reasons = ["active critical alert <buffer> & more"],
        Items =
        [
            new ReportItem("build.cargo-test", "Build", "cargo test passes", "Pass", false, "42 passed",
                [new EvidenceLink("cargo-test.log", "evidence/build/cargo-test.log")]),
            new ReportItem("soak.verdict", "Soak", "Soak verdict is PASS", "Fail", false, "<script>alert(1)</script>",
                [new EvidenceLink("summary.json", "evidence/soak/summary.json")]),
            new ReportItem("canary.auto-promote", "Canary", "Auto promote", "Skipped", true, "optional", []),
        ],
        Targets =
        [
            new ReportTarget("Test", "Pass", new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero),
                TimeSpan.FromSeconds(12.5)),
            new ReportTarget("Soak", "Fail", new DateTimeOffset(2026, 11, 24, 9, 0, 13, TimeSpan.Zero),
                TimeSpan.FromMinutes(2)),
        ],
        SoakChartSvg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><path d=\"M0 10 L10 0\" " +
            "stroke=\"#000\"/></svg>",
    };
}
