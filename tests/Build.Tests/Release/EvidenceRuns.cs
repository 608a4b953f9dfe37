using Checklist;

namespace Build.Tests.Release;

/// <summary>Evidence runs made through the real EvidenceStore API: real files, real decision.json, as the gates leave
/// them.</summary>
internal static class EvidenceRuns
{
    public const string ChartSvg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 20\"><title>buffer " +
        "minutes per sample</title><polyline points=\"0,5 50,6 100,5\" fill=\"none\" stroke=\"#0969da\"/></svg>";

    private static readonly Dictionary<string, string> TargetOf = new()
    {
        ["golive"] = "GoLive", ["build"] = "Test", ["security"] = "Security", ["runbook"] = "Runbook",
            ["soak"] = "Soak",
        ["canary"] = "Canary", ["promote"] = "Promote", ["cloudflare"] = "CloudflareVerify",
    };

    /// <summary>A finished run in which every gate item has <paramref name="status"/> (optional items stay Skipped),
    /// with run facts and a soak chart.</summary>
    public static EvidenceStore Finished(string artifacts, string commit, DateTimeOffset at,
        ItemStatus status = ItemStatus.Pass, Action<EvidenceStore>? more = null)
    {
        var store = Recorded(artifacts, commit, at, status);
        more?.Invoke(store);
        store.Finish();
        return store;
    }

    /// <summary>A run with every gate item recorded but not finished (no decision.json yet), as during the Release
    /// target of a full run.</summary>
    public static EvidenceStore Recorded(string artifacts, string commit, DateTimeOffset at,
        ItemStatus status = ItemStatus.Pass)
    {
        var workspace = Directory.CreateTempSubdirectory("vvtv-release-ws-").FullName;
        var store = EvidenceStore.Create(artifacts, workspace, commit, new FixedClock(at));
        foreach (var item in ChecklistItems.All.Where(i => !i.Optional && TargetOf.ContainsKey(i.Id.Split('.')[0])))
        {
            var target = TargetOf[item.Id.Split('.')[0]];
            var file = store.WriteText(target, item.Id.Split('.')[1] + ".txt", $"{item.Id}: measured {status}\n");
            store.Record(item.Id, status, $"{item.Id} {status.ToString().ToLowerInvariant()} as measured", target,
                file);
        }
        store.Record("canary.auto-promote", ItemStatus.Skipped, "auto-promote not requested", "Canary");
        store.WriteText("Soak", "buffer-chart.svg", ChartSvg);
        new RunFacts(RunFacts.Millis(store.StartedAt),
            [new("Test", "Succeeded", 1500), new("Soak", "Succeeded", 61_000), new("Promote", "Succeeded", 2_250)],
            new Dictionary<string, string> { ["SoakMaxSamples"] = "3" }).Write(store.RunDir);
        return store;
    }

    /// <summary>Run ids sort by their start second, so runs made in one test need distinct times.</summary>
    public sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
