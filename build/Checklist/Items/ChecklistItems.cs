namespace Checklist;

/// <summary>The release checklist as data, in checklist order.</summary>
public static class ChecklistItems
{
    /// <summary>Section titles in order.</summary>
    public static class Sections
    {
        public const string GoLive = "Go Live (phase 1)";
        public const string Build = "Build and tests";
        public const string Security = "Security and secrets";
        public const string Runbook = "Operational readiness";
        public const string Soak = "Soak run";
        public const string Canary = "Canary gate";
        public const string Promote = "Promotion gate";
        public const string Cloudflare = "Cloudflare integration";
        public const string GoNoGo = "Go/No-Go criteria";

        /// <summary>Every section in checklist order.</summary>
        public static readonly IReadOnlyList<string> All = [GoLive, Build, Security, Runbook, Soak, Canary, Promote,
            Cloudflare, GoNoGo];
    }

    /// <summary>Every item in checklist order.</summary>
    public static readonly IReadOnlyList<ChecklistItem> All =
    [
        new("golive.gate", Sections.GoLive, "Run the automated phase 1 gate: scripts/vvtv-phase1-go-live.sh"),
        new("golive.summary", Sections.GoLive, "Check runtime/go-live/phase1/<timestamp>/summary.txt has status=PASS"),
        new("golive.artifacts", Sections.GoLive,
            "Attach the artifacts (status.json, alerts.json, metrics.prom, logs) to the release package"),
        new("build.cargo-test", Sections.Build, "cargo test green"),
        new("build.orchestrator-commit-window", Sections.Build,
            "cargo run -p vvtv-orchestrator starts and processes at least one commit window"),
        new("build.control-api-endpoints", Sections.Build,
            "cargo run -p vvtv-control-api serves /v1/status, /metrics, /v1/alerts"),
        new("security.production-env", Sections.Security, "VVTV_ENV=production configured in runtime environment"),
        new("security.non-dev-secrets", Sections.Security, "Non-dev secrets configured (no dev-token/dev-secret)"),
        new("security.cloudflare-credentials", Sections.Security,
            "Cloudflare credentials configured if sync is enabled"),
        new("security.signed-request-auth", Sections.Security, "Control API auth verified with signed request"),
        new("runbook.force-nightly", Sections.Runbook, "scripts/vvtv-runbook.sh force-nightly succeeds"),
        new("runbook.export-audits", Sections.Runbook, "scripts/vvtv-runbook.sh export-audits returns a file path"),
        new("runbook.backup-key-rotate", Sections.Runbook,
            "scripts/vvtv-runbook.sh backup-key-rotate rotates key and archives old key"),
        new("runbook.backup-key-ensure", Sections.Runbook,
            "scripts/vvtv-runbook.sh backup-key-ensure enforces max key age policy"),
        new("runbook.backup-key-prune", Sections.Runbook,
            "scripts/vvtv-runbook.sh backup-key-prune removes old archived keys"),
        new("runbook.backup-metadata", Sections.Runbook,
            "scripts/vvtv-runbook.sh backup-metadata creates runtime/backups/<timestamp>/manifest.json"),
        new("runbook.backup-metadata-secure", Sections.Runbook,
            "scripts/vvtv-runbook.sh backup-metadata-secure creates encrypted payload"),
        new("runbook.verify-backup", Sections.Runbook,
            "scripts/vvtv-runbook.sh verify-backup <backup_dir> validates checksums"),
        new("runbook.verify-backup-secure", Sections.Runbook,
            "scripts/vvtv-runbook.sh verify-backup-secure <backup_dir> validates encrypted backup"),
        new("runbook.restore-metadata", Sections.Runbook,
            "scripts/vvtv-runbook.sh restore-metadata <backup_dir> succeeds in maintenance window"),
        new("runbook.restore-metadata-secure", Sections.Runbook,
            "scripts/vvtv-runbook.sh restore-metadata-secure <backup_dir> succeeds in maintenance window"),
        new("runbook.emergency-on-off", Sections.Runbook,
            "scripts/vvtv-runbook.sh emergency-on and emergency-off both succeed"),
        new("soak.run", Sections.Soak,
            "Execute 24h soak: VVTV_SOAK_HOURS=24 VVTV_SOAK_INTERVAL_SECS=60 scripts/vvtv-soak.sh"),
        new("soak.verdict", Sections.Soak, "Verify runtime/soak/<timestamp>/summary.txt with verdict=PASS"),
        new("soak.artifacts", Sections.Soak,
            "Attach soak summary.txt, status-samples.log, metrics-samples.log, alerts-samples.log to release artifact"),
        new("canary.run", Sections.Canary,
            "Execute canary with automatic rollback enabled: VVTV_CANARY_SOAK_HOURS=1 scripts/vvtv-canary.sh"),
        new("canary.status", Sections.Canary, "Verify runtime/canary/<timestamp>/result.env has status=PASS"),
        new("canary.auto-promote", Sections.Canary,
            "Optional: VVTV_CANARY_AUTO_PROMOTE=1 scripts/vvtv-canary.sh ends with promotion_status=PROMOTED",
                Optional: true),
        new("promote.alerts-endpoint", Sections.Promote, "Start control API and verify alerts endpoint is reachable"),
        new("promote.gate", Sections.Promote,
            "Execute promotion gate: scripts/vvtv-promote.sh runtime/canary/<timestamp>/result.env"),
        new("promote.record", Sections.Promote,
            "Verify promotion record in runtime/releases/promotions/promotion-<ts>.env"),
        new("cloudflare.d1-migration", Sections.Cloudflare,
            "D1 migration applied (cloudflare/worker/migrations/0001_init.sql)"),
        new("cloudflare.worker-deployed", Sections.Cloudflare, "Worker deployed"),
        new("cloudflare.sync-variables", Sections.Cloudflare, "Orchestrator cloud sync variables configured"),
        new("cloudflare.latest-reports", Sections.Cloudflare,
            "Confirm Worker serves latest daily/weekly reports from D1"),
        new("gonogo.no-critical-high-alerts", Sections.GoNoGo, "Go only if no critical/high alert remains active"),
        new("gonogo.no-soak-failure", Sections.GoNoGo, "No-Go if any soak failure is observed"),
        new("gonogo.no-auth-failure", Sections.GoNoGo, "No-Go if any auth failure is observed"),
        new("gonogo.no-stream-regression", Sections.GoNoGo, "No-Go if any stream continuity regression is observed"),
    ];

    private static readonly Dictionary<string, ChecklistItem> ById = All.ToDictionary(i => i.Id,
        StringComparer.Ordinal);

    /// <summary>The item with this id; an unknown id is an error naming the known ones' prefixes.</summary>
    public static ChecklistItem Get(string id) =>
        ById.TryGetValue(id, out var item)
            ? item
            : throw new KeyNotFoundException($"unknown checklist item id '{id}'; known ids: " +
                $"{string.Join(", ", All.Select(i => i.Id))}");

    /// <summary>True when the id names a checklist item.</summary>
    public static bool Exists(string id) => ById.ContainsKey(id);
}
