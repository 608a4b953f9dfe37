using System.Text.Json;
using Checklist;
using CliWrap;
using Engine;
using Serilog;
using Vvtv;

/// <summary>
/// One gate's pass over its checklist items: runs workspace steps with logs in the target's evidence folder and
/// proves each item through the run's <see cref="ItemProver"/>, so a failed item never hides the next one and the gate
/// fails at its end naming every failed item.
/// </summary>
sealed class GateRun
{
    private GateRun(ReleaseRun run, string target, CancellationToken ct)
    {
        Run = run;
        Target = target;
        Ct = ct;
        Items = ItemProver.NewAttempt(run.Evidence, target);
    }

    public ReleaseRun Run { get; }
    public string Target { get; }
    public CancellationToken Ct { get; }
    public StepTimeouts Timeouts => Run.Timeouts;
    private EvidenceStore Evidence => Run.Evidence;

    /// <summary>The one way an item is recorded; the soak and Cloudflare checks record theirs through it too.</summary>
    public ItemProver Items { get; }

    /// <summary>
    /// Proves <paramref name="target"/>'s section: a new attempt (what an earlier one recorded is forgotten), the
    /// gate's checks in checklist order, then the target fails naming every failed item and finding.
    /// </summary>
    public static async Task ProveSectionAsync(ReleaseRun run, string target, CancellationToken ct,
        Func<GateRun, IGate> of)
    {
        var pass = new GateRun(run, target, ct);
        var gate = of(pass);
        if (gate.FreesControlApiPort) await run.StopStaleApiAsync(ct);
        await gate.CheckItemsAsync();
        pass.Items.Conclude();
    }

    /// <summary>
    /// Proves one item: Pass with the returned reason, or Fail with the first check that did not hold.
    /// </summary>
    public async Task ProveAsync(string id, Func<Proof, Task<string>> proof)
    {
        var p = new Proof();
        try
        {
            Items.Pass(id, await proof(p), p.Existing());
        }
        catch (Exception e) when (IsItemFailure(e))
        {
            Items.Fail(id, e.Message, p.Existing());
        }
    }

    /// <summary>Synchronous form of <see cref="ProveAsync"/>.</summary>
    public void Prove(string id, Func<Proof, string> proof) => ProveAsync(id, p => Task.FromResult(proof(p)))
        .GetAwaiter().GetResult();

    public void Skip(string id, string reason) => Items.Skip(id, reason);

    /// <summary>Raises a No-Go finding; the target fails at the end.</summary>
    public void NoGo(NoGoCause cause, string message) => Items.NoGo(cause, message);

    /// <summary>
    /// Raises the findings that an alerts body shows (critical/high alerts; BUFFER_CRITICAL also as a buffer finding);
    /// returns the blocking ones.
    /// </summary>
    public IReadOnlyList<ApiAlert> JudgeAlerts(ApiAlerts alerts, string where)
    {
        foreach (var a in alerts.Blocking)
        {
            NoGo(NoGoCause.Alert, $"{a.Code} ({a.Severity}) active in {where}");
            if (a.Code == "BUFFER_CRITICAL") NoGo(NoGoCause.Buffer, $"BUFFER_CRITICAL in {where}");
        }
        return alerts.Blocking;
    }

    /// <summary>
    /// Raises the findings the seven metric values show: buffer below 20 minutes, stream disruptions above 0.
    /// </summary>
    public IReadOnlyList<string> JudgeMetrics(IReadOnlyDictionary<string, double> values, string where)
    {
        var problems = new List<string>();
        if (!(values["vvtv_buffer_minutes"] >= SoakEvaluation.BufferCriticalMinutes))
        {
            problems.Add($"vvtv_buffer_minutes {values["vvtv_buffer_minutes"]} < " +
                $"{SoakEvaluation.BufferCriticalMinutes}");
            NoGo(NoGoCause.Buffer, $"vvtv_buffer_minutes {values["vvtv_buffer_minutes"]} in {where}");
        }
        if (!(values["vvtv_stream_disruptions"] <= 0))
        {
            problems.Add($"vvtv_stream_disruptions {values["vvtv_stream_disruptions"]} > 0");
            NoGo(NoGoCause.Stream, $"vvtv_stream_disruptions {values["vvtv_stream_disruptions"]} in {where}");
        }
        return problems;
    }

    /// <summary>
    /// Runs one workspace step in its own process group with a timeout; output goes to
    /// evidence/&lt;target&gt;/&lt;name&gt;.log.
    /// </summary>
    public async Task<StepResult> StepAsync(string name, Command command, TimeSpan timeout)
    {
        var log = Path.Combine(Evidence.EvidenceDir(Target), $"{name}.log");
        File.Delete(log);
        File.WriteAllText(log, "");
        Log.Information("{Target:l}: running {Step:l}", Target, name);
        var result = await command.ExecuteGroupAsync(new ProcessOptions { OutputFile = log, Timeout = timeout,
            LogName = name, KillGrace = TimeSpan.FromSeconds(5) }, Ct);
        return new StepResult(name, result, $"evidence/{Target}/{name}.log", timeout);
    }

    /// <summary>Starts this build's own control API (log in the evidence folder) and waits until it is ready.</summary>
    public Task<ControlApiProcess> StartApiAsync(string logName = "control-api") =>
        ControlApiProcess.StartAsync(Run.Command("cargo", ["run", "-q", "-p", "vvtv-control-api"]),
            Path.Combine(Evidence.EvidenceDir(Target), $"{logName}.log"), Run.ApiUrl, ControlApiAddress.Port,
                Timeouts.ApiReady, Ct);

    public string EvidencePath(string name) => $"evidence/{Target}/{name}";

    /// <summary>Lists in the decision that <paramref name="step"/> changed the live workspace, and what.</summary>
    public void Changed(string step, string what) => Evidence.RecordLiveChange(step, what, Target);

    public string Copy(string workspacePath, string? name = null) =>
        Evidence.CopyFromWorkspace(Target, workspacePath, name);

    public string Write(string name, string text) => Evidence.WriteText(Target, name, text);

    public string WriteJson<T>(string name, T value) =>
        Evidence.WriteText(Target, name, JsonSerializer.Serialize(value,
            new JsonSerializerOptions { WriteIndented = true }) + "\n");

    private bool IsItemFailure(Exception e) => e switch
    {
        OperationCanceledException when Ct.IsCancellationRequested => false,
        ItemFailedException or VvtvFormatException or HttpRequestException or IOException or TimeoutException
            or OperationCanceledException or InvalidOperationException or ArgumentException
            or UnauthorizedAccessException or JsonException => true,
        _ => false,
    };
}

/// <summary>What an item's proof collected so far: the evidence files, and checks that end it with a reason.</summary>
sealed class Proof
{
    private readonly List<string> _evidence = [];

    public string Add(string runRelativePath)
    {
        _evidence.Add(runRelativePath);
        return runRelativePath;
    }

    public void Require(bool condition, string failure)
    {
        if (!condition) throw new ItemFailedException(failure);
    }

    /// <summary>A step must have ended by itself with exit 0 (its log becomes evidence).</summary>
    public void RequireSuccess(StepResult step)
    {
        Add(step.Log);
        Require(!step.Process.TimedOut,
            $"{step.Name} did not finish within {step.Timeout.TotalSeconds:0} s (stopped; see {step.Log})");
        Require(step.Process.ExitCode == 0,
            $"{step.Name} exited {step.Process.ExitCode} (see {step.Log}): {step.LastError}");
    }

    internal string[] Existing() => _evidence.Distinct().ToArray();
}

/// <summary>A check of an item did not hold; the message is the item's Fail reason.</summary>
sealed class ItemFailedException(string message) : Exception(message);

/// <summary>Outcome of one workspace step and its log (run-relative).</summary>
sealed record StepResult(string Name, ProcessResult Process, string Log, TimeSpan Timeout)
{
    public string LastError => (Process.StdErr.LastOrDefault(l => l.Trim().Length > 0)
        ?? Process.StdOut.LastOrDefault(l => l.Trim().Length > 0) ?? "no output").Trim();
}
