using System.Globalization;
using System.Text.Json;
using Checklist;
using CliWrap;
using Engine;
using Serilog;
using Vvtv;

namespace Cloudflare;

/// <summary>
/// The checklist's Cloudflare items, proved the same way against a local or the production Worker (contract §6): each
/// check records its own item with evidence, a failed check never hides the others (all four items are always
/// recorded), and the gate fails at its end naming every failed item.
/// </summary>
public sealed class CloudflareChecks(WorkerUnderTest worker, ItemProver items)
{
    private readonly EvidenceStore evidence = items.Evidence;
    private readonly string target = items.Target;

    public const string D1Migration = "cloudflare.d1-migration";
    public const string WorkerDeployed = "cloudflare.worker-deployed";
    public const string SyncVariablesItem = "cloudflare.sync-variables";
    public const string LatestReports = "cloudflare.latest-reports";

    /// <summary>The tables migrations/0001_init.sql creates (contract §6.2).</summary>
    public static readonly IReadOnlyList<string> Tables = ["status_snapshots", "daily_reports", "weekly_reports"];

    private static readonly TimeSpan NightlyTimeout = TimeSpan.FromMinutes(20);
    // A killed orchestrator holds the scheduler lock for up to 30 s (contract §5.2).
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(35);

    private AbsolutePath EvidenceDir => AbsolutePath.Create(evidence.EvidenceDir(target));

    private string Where => worker.Mode == WorkerMode.Local ? $"the local Worker ({worker.D1})"
        : $"the deployed Worker ({worker.D1})";

    /// <summary>Set, not dev values, and a base URL the agent can concatenate (D-O4).</summary>
    public void SyncVariablesConfigured()
    {
        var sync = worker.Sync;
        var file = evidence.WriteJson(target, "sync-variables.json", new
        {
            mode = worker.Mode.ToString().ToLowerInvariant(),
            base_url = sync.BaseUrl,
            token = Describe(sync.Token),
            secret = Describe(sync.Secret),
        });
        var problems = sync.Problems(worker.RequireHttps);
        Claim(SyncVariablesItem, problems.Count == 0, problems.Count == 0
            ? $"{SyncVariables.BaseUrlVariable}={sync.BaseUrl}, token and secret set and not dev values"
            : string.Join("; ", problems), file);
    }

    private const string TablesSql = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
    private const string MigrationsSql = "SELECT id, name, applied_at FROM d1_migrations ORDER BY id";
    private const string LatestReportsSql = "SELECT date AS report_key, updated_at FROM daily_reports ORDER BY date " +
        "DESC LIMIT 1; "
                                            + "SELECT week AS report_key, updated_at FROM weekly_reports ORDER BY " +
                                                "week DESC LIMIT 1";

    private List<string> D1Files => [EvidenceDir / "wrangler-d1-migrations-apply.log",
        EvidenceDir / "wrangler-d1-migrations-list.log"];

    /// <summary>
    /// What the D1 item reads before the nightly writes to D1: why migrations are missing or pending (the Worker has
    /// none, or wrangler lists some), or null. <see cref="D1MigrationAppliedAsync"/> reports it beside its own
    /// findings. A local Worker's D1 is not listed: the build applied its migrations moments ago (a failed apply
    /// fails the gate), and the D1 item compares d1_migrations with the files as the listing would, so a listing
    /// would only cost another wrangler start (some 4 CPU-seconds).
    /// </summary>
    public async Task<string?> PendingMigrationsAsync(CancellationToken ct) =>
        await ProblemOf(async () =>
        {
            if (worker.Wrangler.MigrationFiles.Count == 0) return $"the Worker folder " +
                $"{worker.Wrangler.WorkerDirectory} has no migrations/*.sql";
            if (worker.Mode == WorkerMode.Local) return null;
            // Listing is read-only but for one thing wrangler does itself: it creates an empty d1_migrations table when
            // none exists.
            var pending = await worker.Wrangler.PendingMigrationsAsync(worker.D1, D1Files[1], ct);
            return pending.Count == 0 ? null
                : $"pending D1 migration(s) on {Where}: {string.Join(", ", pending)} (wrangler d1 migrations list"
                  + (worker.Mode == WorkerMode.Remote ? "; production changes only with --cloudflare-apply-migrations)"
                      : ")");
        }, ct);

    /// <summary>
    /// Everything both D1 items read, in one wrangler start after the nightly (each start costs seconds): the tables,
    /// d1_migrations and the
    /// two newest report rows. Null when D1 refuses the batch (a missing table); each item then asks for its own part
    /// and says what failed.
    /// </summary>
    public async Task<D1Results?> ReadD1AfterNightlyAsync(CancellationToken ct) =>
        await TryQueryAsync($"{TablesSql}; {MigrationsSql}; {LatestReportsSql}", ct) is { Sets.Count: 4 } all ? all
            : null;

    /// <summary>
    /// No migration <paramref name="pending"/> (<see cref="PendingMigrationsAsync"/>), every migration file recorded
    /// in d1_migrations, and the three tables present.
    /// </summary>
    public async Task D1MigrationAppliedAsync(string? pending, D1Results? read, CancellationToken ct)
    {
        var files = D1Files;
        await Prove(D1Migration, async () =>
        {
            IReadOnlyList<string> tableNames;
            IReadOnlyList<string> applied = [];
            if (read is not null)
            {
                files.Add(evidence.WriteText(target, "d1-tables.json", StatementJson(TablesSql, read, 0)));
                files.Add(evidence.WriteText(target, "d1-migrations.json", StatementJson(MigrationsSql, read, 1)));
                tableNames = read.Column("name", 0);
                applied = read.Column("name", 1);
            }
            else
            {
                var tables = await worker.Wrangler.QueryAsync(worker.D1, TablesSql, ct);
                files.Add(evidence.WriteText(target, "d1-tables.json", tables.Json));
                tableNames = tables.Column("name");
                if (tableNames.Contains("d1_migrations"))
                {
                    var migrations = await worker.Wrangler.QueryAsync(worker.D1, MigrationsSql, ct);
                    files.Add(evidence.WriteText(target, "d1-migrations.json", migrations.Json));
                    applied = migrations.Column("name");
                }
            }

            var problems = new List<string>();
            var unrecorded = worker.Wrangler.MigrationFiles.Except(applied).ToList();
            if (unrecorded.Count > 0) problems.Add($"migration(s) {string.Join(", ", unrecorded)} not recorded " +
                $"in d1_migrations");
            var missing = Tables.Except(tableNames).ToList();
            if (missing.Count > 0) problems.Add($"D1 table(s) missing: {string.Join(", ", missing)}");
            if (pending is not null) problems.Insert(0, pending);
            return problems.Count == 0 ? null : string.Join("; ", problems);
        }, () => $"{string.Join(", ", worker.Wrangler.MigrationFiles)} recorded as applied in d1_migrations of " +
            $"{Where}; tables {string.Join(", ", Tables)} exist", files, ct);
    }

    /// <summary>GET /v1/status answers JSON, and an ingest with a wrong signature is refused with 401.</summary>
    public async Task WorkerDeployedAsync(CancellationToken ct)
    {
        if (NoBaseUrl(WorkerDeployed)) return;
        using var client = new ControlApiClient(worker.Sync.BaseUrl!, TimeSpan.FromSeconds(30));
        var files = new List<string>();
        await Prove(WorkerDeployed, async () =>
        {
            var status = await client.GetAsync("/v1/status", ct);
            var badSignature = await client.PostSignedAsync("/v1/ingest/status", worker.Sync.Token ?? "", "",
                new SignedCallOptions { SignBody = true, Body = "{}", SignatureOverride = new string('0', 64) }, ct);
            files.Add(evidence.WriteJson(target, "worker-status.json", Exchange("GET /v1/status", status)));
            files.Add(evidence.WriteJson(target, "worker-ingest-bad-signature.json",
                Exchange("POST /v1/ingest/status (wrong signature)", badSignature)));
            if (status.StatusCode != 200)
                return $"GET {client.BaseUrl}v1/status answered HTTP {status.StatusCode}: {Clip(status.Body)}";
            StrictJson.ParseObject(status.Body, $"GET {client.BaseUrl}v1/status");
            if (badSignature.StatusCode != 401)
                return $"the Worker answered HTTP {badSignature.StatusCode} to an ingest with a wrong signature, " +
                    $"expected 401: {Clip(badSignature.Body)}";
            return null;
        }, () => $"{worker.Sync.BaseUrl}/v1/status answers JSON; a wrongly signed ingest is refused with 401", files,
            ct);
    }

    /// <summary>
    /// Runs the workspace's forced nightly with the sync variables pointing at the Worker, its output kept as evidence.
    /// Retried while another orchestrator holds the scheduler lock, because run-once then silently does nothing (D-O2):
    /// at the end of
    /// the holder's lease when <paramref name="lockExpiry"/> can tell it (the state db's scheduler_locks row), else a
    /// second later.
    /// </summary>
    public async Task<ForcedNightly> RunForcedNightlyAsync(Func<IReadOnlyDictionary<string, string?>, Command> nightly,
        CancellationToken ct,
        Func<DateTimeOffset?>? lockExpiry = null)
    {
        var log = EvidenceDir / "orchestrator-nightly.log";
        var deadline = DateTimeOffset.UtcNow + LockWait;
        while (true)
        {
            var started = DateTimeOffset.UtcNow;
            var result = await nightly(worker.Sync.Environment)
                .ExecuteGroupAsync(new ProcessOptions { OutputFile = log, Timeout = NightlyTimeout,
                    LogName = "force-nightly" }, ct);
            var run = new ForcedNightly(started, DateTimeOffset.UtcNow, result, NightlySyncLog.Parse(result.StdOut),
                Relative(log));
            evidence.RecordLiveChange("force-nightly",
                $"ran the nightly job out of schedule, pushing its reports to {Where} (exit {result.ExitCode})",
                target);
            if (!run.Log.Has(NightlySyncLog.LockNotAcquired) || run.Log.Has(NightlySyncLog.NightlyComplete)
                || DateTimeOffset.UtcNow > deadline) return run;
            var wait = RetryWait(lockExpiry?.Invoke(), deadline);
            Log.Information("Another orchestrator holds the scheduler lock; retrying the forced nightly " +
                "in {Wait:0.0} s", wait.TotalSeconds);
            await Task.Delay(wait, ct);
        }
    }

    /// <summary>
    /// The nightly synced both reports, the Worker serves them by this nightly's UTC date and ISO week, and D1 says
    /// they are the
    /// newest rows and were written at or after the nightly started (contract §6.5).
    /// </summary>
    public async Task LatestReportsServedAsync(ForcedNightly nightly, D1Results? read, CancellationToken ct)
    {
        var files = new List<string> { nightly.LogFile };
        if (NoBaseUrl(LatestReports, nightly.LogFile)) return;
        using var client = new ControlApiClient(worker.Sync.BaseUrl!, TimeSpan.FromSeconds(30));
        // D1 stores whole seconds.
        var since = nightly.StartedAt.AddTicks(-(nightly.StartedAt.Ticks % TimeSpan.TicksPerSecond));
        ReportKeys? served = null;
        await Prove(LatestReports, async () =>
        {
            if (!nightly.Result.Succeeded)
                return $"the forced nightly failed " +
                    $"({(nightly.Result.TimedOut ? "timed out" : $"exit code {nightly.Result.ExitCode}")}): "
                       + string.Join(" | ", nightly.Result.StdErr.Where(l => l.Trim().Length > 0).TakeLast(5));
            foreach (var kind in new[] { "daily", "weekly" })
                if (nightly.Log.SyncProblem(kind) is { } problem)
                {
                    if (nightly.Log.SyncRefusedAsUnauthorized(kind))
                        evidence.RaiseNoGo(NoGoCause.Auth,
                            $"the Worker refused the orchestrator's signed {kind} push with 401", target);
                    return $"cloud sync failed: {problem}";
                }

            // The nightly keys its reports by the UTC instant it ran; a run across midnight may have used either day.
            var candidates = new[] { ReportKeys.At(nightly.StartedAt), ReportKeys.At(nightly.FinishedAt) }.Distinct()
                .ToList();
            var (date, dailyProblem) = await ReportByKeyAsync(client, "daily", "date", candidates.Select(k => k.Date)
                .Distinct(), files, ct);
            if (dailyProblem is not null) return dailyProblem;
            var (week, weeklyProblem) = await ReportByKeyAsync(client, "weekly", "week", candidates.Select(k => k.Week)
                .Distinct(), files, ct);
            if (weeklyProblem is not null) return weeklyProblem;
            served = new ReportKeys(date!, week!);

            // The batch read after the nightly holds them as its sets 2 and 3.
            var (rows, first) = read is not null ? (read, 2)
                : (await worker.Wrangler.QueryAsync(worker.D1, LatestReportsSql, ct), 0);
            files.Add(evidence.WriteText(target, "d1-latest-reports.json",
                read is not null ? StatementJson(LatestReportsSql, read, 2, 3) : rows.Json));
            if (rows.Sets.Count != first
                + 2) return $"D1 answered {rows.Sets.Count - first} result sets for the two latest-report " +
                    $"queries, expected 2";
            return NewestRowProblem("daily_reports", date!, rows, first, since)
                ?? NewestRowProblem("weekly_reports", week!, rows, first + 1, since);
        }, () => $"the nightly logged cloudflare-daily-sync-ok and cloudflare-weekly-sync-ok; GET " +
            $"/v1/reports/daily?date={served?.Date} and weekly?week={served?.Week} "
                 + $"return them; they are D1's newest rows, updated at or after {Sqlite(since)} UTC",
                     files, ct);
    }

    // Null when D1 refused the statements (the caller then asks one at a time and says what failed).
    private async Task<D1Results?> TryQueryAsync(string sql, CancellationToken ct)
    {
        try
        {
            return await worker.Wrangler.QueryAsync(worker.D1, sql, ct);
        }
        catch (WranglerException)
        {
            return null;
        }
    }

    // Statements' rows out of a multi-statement answer, kept as evidence with the statements they answer.
    private static string StatementJson(string sql, D1Results results, int set) =>
        JsonSerializer.Serialize(new { sql, results = results.Sets[set] },
            new JsonSerializerOptions { WriteIndented = true }) + "\n";

    private static string StatementJson(string sql, D1Results results, int first, int last) =>
        JsonSerializer.Serialize(new { sql, results = results.Sets.Skip(first).Take(last - first + 1) },
            new JsonSerializerOptions { WriteIndented = true }) + "\n";

    // Just past the lease's end (the orchestrator compares with its own clock, the same one), never beyond the
    // deadline.
    private static TimeSpan RetryWait(DateTimeOffset? expiresAt, DateTimeOffset deadline)
    {
        var now = DateTimeOffset.UtcNow;
        var wait = expiresAt is { } at && at > now ? at - now + TimeSpan.FromMilliseconds(100)
            : TimeSpan.FromSeconds(1);
        var left = deadline - now;
        return TimeSpan.FromMilliseconds(Math.Clamp(Math.Min(wait.TotalMilliseconds, left.TotalMilliseconds), 100,
            30_000));
    }

    private async Task<(string? Key, string? Problem)> ReportByKeyAsync(
        ControlApiClient client, string kind, string keyField, IEnumerable<string> keys, List<string> files,
            CancellationToken ct)
    {
        var answers = new List<string>();
        foreach (var key in keys)
        {
            var path = $"/v1/reports/{kind}?{keyField}={key}";
            var response = await client.GetAsync(path, ct);
            files.Add(evidence.WriteJson(target, $"report-{kind}-{key}.json", Exchange($"GET {path}", response)));
            answers.Add($"{path} -> HTTP {response.StatusCode} {Clip(response.Body)}");
            if (response.StatusCode != 200) continue;
            var report = StrictJson.ParseObject(response.Body, $"GET {path}");
            var servedKey = StrictJson.String(report, keyField, $"GET {path}");
            var summary = StrictJson.String(report, "summary", $"GET {path}");
            if (servedKey != key) return (null, $"GET {path} served the {kind} report of {keyField} '{servedKey}'");
            if (kind == "daily" && !summary.StartsWith("nightly export_count=", StringComparison.Ordinal))
                return (null, $"GET {path} served a summary that is not a nightly's: '{Clip(summary)}'");
            return (key, null);
        }
        return (null, $"the Worker does not serve this nightly's {kind} report: {string.Join("; ", answers)}");
    }

    private static string? NewestRowProblem(string table, string key, D1Results rows, int set, DateTimeOffset since)
    {
        var newest = rows.Sets[set];
        if (newest.Count == 0) return $"D1 table {table} is empty";
        var newestKey = rows.Column("report_key", set)[0];
        var updatedAt = rows.Column("updated_at", set)[0];
        if (newestKey != key) return $"the newest row of D1 {table} is '{newestKey}', not this nightly's '{key}'";
        if (!UtcTime.TryParse(updatedAt, UtcTime.SqliteFormat, out var at))
            return $"D1 {table} row '{key}' has updated_at '{updatedAt}', expected YYYY-MM-DD HH:MM:SS";
        return at < since
            ? $"D1 {table} row '{key}' was last updated at {updatedAt} UTC, before this nightly started " +
                $"({Sqlite(since)} UTC)" : null;
    }

    // A check returns its problem (null: proved); wrangler, HTTP and format errors are problems of the item too.
    private async Task Prove(string id, Func<Task<string?>> check, Func<string> passReason, List<string> files,
        CancellationToken ct)
    {
        var problem = await ProblemOf(check, ct);
        Claim(id, problem is null, problem ?? passReason(), Existing(files));
    }

    /// <summary>
    /// Why a local Worker proves nothing about <paramref name="id"/> on a checkout: the build started it, applied its
    /// migrations moments before and made up its sync credentials when none were set.
    /// </summary>
    public static string LocalOnCheckoutReason(string id) => (id switch
    {
        WorkerDeployed => "local workerd proves the Worker's code, not its deployment",
        D1Migration => "the build applied the migrations to a local D1 itself, which says nothing of production D1",
        SyncVariablesItem => "the base URL is the local Worker the build started, not the orchestrator's",
        _ => "the reports were served by the local Worker the build started, not the deployed one",
    }) + ": a checkout's GO needs --cloudflare-mode remote";

    // A check that held on a local Worker of a checkout proved the code only; it is recorded, never claimed as Pass.
    private void Claim(string id, bool passed, string reason, params string[] files)
    {
        if (passed && !worker.ProvesDeployment)
            items.Fail(id, $"{LocalOnCheckoutReason(id)} (it held locally: {reason})", files);
        else items.Record(id, passed, reason, files);
    }

    // Without a base URL (the sync-variables item says why) there is no Worker to ask; the item says so too.
    private bool NoBaseUrl(string id, params string[] files)
    {
        if (!string.IsNullOrEmpty(worker.Sync.BaseUrl)) return false;
        items.Fail(id, $"no Worker to check: {SyncVariables.BaseUrlVariable} is not set", files);
        return true;
    }

    private async Task<string?> ProblemOf(Func<Task<string?>> check, CancellationToken ct)
    {
        try
        {
            return await check();
        }
        catch (Exception e) when (e is WranglerException or HttpRequestException or VvtvFormatException
                                       or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return e is TaskCanceledException ? $"{worker.Sync.BaseUrl} did not answer in time" : e.Message;
        }
    }

    // Files a failed check never wrote are left out; the record only names evidence that exists.
    private string[] Existing(IEnumerable<string> files) =>
        files.Select(f => Path.IsPathRooted(f) ? Relative(f) : f).Distinct()
            .Where(f => File.Exists(Path.Combine(evidence.RunDir, f))).ToArray();

    private string Relative(string path) => Path.GetRelativePath(evidence.RunDir, path).Replace('\\', '/');

    private static object Exchange(string request, HttpResult response) =>
        new { request, status = response.StatusCode, content_type = response.ContentType, body = response.Body };

    private static string Describe(string? value) =>
        string.IsNullOrEmpty(value) ? "unset" : $"set ({value.Length} characters)";

    private static string Clip(string text) => text.Length <= 200 ? text.Trim() : text[..200] + "…";

    // D1's updated_at is SQLite's datetime() text; the nightly's start is said the same way beside it.
    private static string Sqlite(DateTimeOffset t) => UtcTime.Format(t, UtcTime.SqliteFormat);
}

/// <summary>
/// One forced nightly: when it ran, how it ended, its sync events and its log in the evidence (run-relative path).
/// </summary>
public sealed record ForcedNightly(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, ProcessResult Result,
    NightlySyncLog Log, string LogFile);
