using System.Reflection;
using Checklist;
using Publishing;
using Serilog;

/// <summary>
/// Turns the decided, sourced checklist into the bundle's input. Everything comes from the evidence runs (their
/// records, files, run-facts.json), nothing from the clock of the publishing run, so the same evidence gives the same
/// bundle in every
/// run.
/// </summary>
public static class ReleaseBundleInput
{
    /// <summary>
    /// The bundle input for <paramref name="items"/>, with <paramref name="reasons"/> as the decision's reasons.
    /// </summary>
    public static BundleInput Create(string version, string vvtvCommit, string decision, IReadOnlyList<string> reasons,
        IReadOnlyList<SourcedItem> items, string releaseRunDir)
    {
        var files = EvidenceFiles(items, releaseRunDir);
        var runs = items.Where(i => i.Run is not null).Select(i => i.Run!).DistinctBy(r => r.RunId)
            .OrderBy(r => r.RunId, StringComparer.Ordinal).ToList();
        var facts = runs.ToDictionary(r => r.RunId, r => RunFacts.Read(r.RunDir));
        var references = runs.Select(r => new RunReference(r.RunId, r.StartedAt, LastEvidence(r, items))
        {
            Parameters = facts[r.RunId]?.Parameters ?? new Dictionary<string, string>(),
        }).ToList();
        var chart = SoakChart(items, files);
        if (chart is { } c && !files.Contains(c.File)) files.Add(c.File);
        var report = new ReportModel
        {
            Version = version,
            Commit = vvtvCommit,
            Decision = decision,
            Reasons = reasons,
            Items = items.Select(i => ReportItem(i, files, releaseRunDir)).ToList(),
            Runs = references,
            Targets = Timeline(runs, facts),
            SoakChartSvg = chart?.Svg,
            LiveChanges = runs.SelectMany(r => LiveChangesFile.Read(r.RunDir)).OrderBy(c => c.At)
                .Select(c => new ReportChange(c.Step, c.Changed, c.At)).ToList(),
        };
        var input = new BundleInput
        {
            Version = version,
            VvtvCommit = vvtvCommit,
            Runs = references,
            ToolVersion = ToolVersion(),
            Evidence = files,
            Report = report,
        };
        // Whole seconds: tar keeps no more, and the archive must not depend on sub-second noise.
        return references.Count == 0 ? input
            : input with { ArchiveTime = DateTimeOffset.FromUnixTimeSeconds(references.Max(r => r.LastEvidenceAt)
                .ToUnixTimeSeconds()) };
    }

    // One bundle path per file: evidence/<section>/<target folder>/<name>, the section being the first (checklist
    // order) non-Go/No-Go item it proves.
    private static List<EvidenceFile> EvidenceFiles(IReadOnlyList<SourcedItem> items, string releaseRunDir)
    {
        var byFile = new Dictionary<string, (string Folder, string Name, List<string> Items,
            string Section)>(StringComparer.Ordinal);
        foreach (var item in items)
            foreach (var path in item.Evidence)
            {
                var source = Path.GetFullPath(Path.Combine(item.BaseDir(releaseRunDir), path));
                var parts = path.Split('/');
                if (parts.Length < 3 || parts[0] != "evidence" || parts[1] == "adopted")
                    throw new InvalidOperationException($"{item.Id}: evidence path '{path}' is not " +
                        $"evidence/<target>/<file> of the run that produced it");
                if (!byFile.TryGetValue(source, out var entry))
                    byFile[source] = entry = (parts[1], string.Join('/', parts[2..]), [],
                        BundlePaths.SectionOf(item.Id));
                else if (entry.Section == "gonogo" && BundlePaths.SectionOf(item.Id) != "gonogo")
                    byFile[source] = entry = entry with { Section = BundlePaths.SectionOf(item.Id) };
                entry.Items.Add(item.Id);
            }
        var files = byFile.Select(f => new EvidenceFile(f.Key, BundlePaths.Evidence(f.Value.Section, f.Value.Folder,
            f.Value.Name), Kind(f.Key), f.Value.Folder, f.Value.Items)).ToList();
        var clash = files.GroupBy(f => f.TargetPath).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new InvalidOperationException($"two evidence files would share the bundle path {clash.Key}: " +
                $"{string.Join(", ", clash.Select(f => f.SourcePath))}");
        return files;
    }

    private static ReportItem ReportItem(SourcedItem i, List<EvidenceFile> files, string releaseRunDir)
    {
        var item = ChecklistItems.Get(i.Id);
        var links = i.Evidence
            .Select(e => files.Single(f => f.SourcePath == Path.GetFullPath(Path.Combine(i.BaseDir(releaseRunDir), e))))
            .Select(f => new EvidenceLink(Path.GetFileName(f.TargetPath), f.TargetPath)).ToList();
        return new ReportItem(i.Id, item.Section, item.Text, i.Status.ToString(), item.Optional, i.Reason, links)
        {
            Source = i.Run is null ? "checked at decision time"
                : $"run {i.Run.RunId}, attempt {i.Attempt}, workspace {i.Workspace}",
        };
    }

    // The soak target may leave an SVG chart in its evidence folder; the report embeds the first one (by name).
    private static (string Svg, EvidenceFile File)? SoakChart(IReadOnlyList<SourcedItem> items,
        List<EvidenceFile> files)
    {
        var soak = items.FirstOrDefault(i => BundlePaths.SectionOf(i.Id) == "soak" && i.Run is not null
            && i.Evidence.Count > 0);
        if (soak?.Run is null) return null;
        var folder = Path.Combine(soak.Run.RunDir, "evidence", soak.Evidence[0].Split('/')[1]);
        var svg = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.svg", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
        if (svg is null) return null;
        var rest = Path.GetRelativePath(folder, svg).Replace('\\', '/');
        var file = files.FirstOrDefault(f => f.SourcePath == Path.GetFullPath(svg))
                   ?? new EvidenceFile(Path.GetFullPath(svg),
                       BundlePaths.Evidence("soak", Path.GetFileName(folder), rest), "chart", Path.GetFileName(folder),
                           []);
        var text = EarlierRunFile.ReadText(svg);
        try
        {
            ReportRenderer.Render(new ReportModel { Version = "check", Commit = "", Decision = "", Items = [],
                SoakChartSvg = text });
        }
        catch (ArgumentException e)
        {
            Log.Warning("Soak chart {Svg:l} is not embedded in report.html: {Problem:l}", svg, e.Message);
            return null;
        }
        return (text, file);
    }

    // Targets of each evidence run, laid end to end from the run's start (durations are what the engine measured).
    private static IReadOnlyList<ReportTarget> Timeline(IReadOnlyList<EvidenceRun> runs, IReadOnlyDictionary<string,
        RunFacts?> facts)
    {
        var rows = new List<ReportTarget>();
        foreach (var run in runs)
        {
            if (facts[run.RunId] is not { } f) continue;
            var start = f.StartedAt;
            foreach (var t in f.Targets.Where(t => t.Name != GateSections.ReleaseTarget))
            {
                var duration = TimeSpan.FromMilliseconds(t.DurationMs);
                rows.Add(new ReportTarget(runs.Count > 1 ? $"{t.Name} (run {run.RunId})" : t.Name, t.Status, start,
                    duration));
                start += duration;
            }
        }
        return rows;
    }

    // Derived Go/No-Go records carry the time they were decided, which differs between the proving run and a later
    // release.
    private static DateTimeOffset LastEvidence(EvidenceRun run, IReadOnlyList<SourcedItem> items) =>
        items.Where(i => i.Run?.RunId == run.RunId && i.Target != GoNoGo.DerivedTarget
            && i.Status != ItemStatus.Skipped)
            .Select(i => RunFacts.Millis(i.At)).DefaultIfEmpty(run.StartedAt).Max();

    private static string Kind(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".log" => "log",
        ".json" => "json",
        ".prom" => "metrics",
        ".env" or ".txt" => "text",
        ".svg" => "chart",
        ".html" => "html",
        _ => "file",
    };

    // Without the "+<commit>" build metadata: every commit to this repository would otherwise change metadata.json, and
    // re-publishing the same evidence after a pull would conflict with the assets already released.
    private static string ToolVersion() =>
        (typeof(ReleaseBundleInput).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
            ?.InformationalVersion ?? "unknown").Split('+')[0];
}
