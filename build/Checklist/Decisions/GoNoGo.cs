namespace Checklist;

/// <summary>The Go/No-Go rules: a pure function of item records and No-Go findings.</summary>
public static class GoNoGo
{
    /// <summary>Reason given to items this run did not prove.</summary>
    public const string NotRunReason = "not run in this build";

    /// <summary>Target name written on records the rules derive themselves.</summary>
    public const string DerivedTarget = "GoNoGo";

    /// <summary>
    /// Decides. GO only when every non-optional item is Pass and there is no finding.
    /// Records for unknown ids are an error; items without a record become Skipped; gonogo.* items are derived from
    /// findings and their basis items.
    /// </summary>
    public static Decision Decide(IEnumerable<ItemRecord> records, IEnumerable<NoGoFinding> findings,
        DateTimeOffset now)
    {
        var byId = new Dictionary<string, ItemRecord>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            ChecklistItems.Get(record.Id);
            byId[record.Id] = record;
        }
        var findingList = findings.ToList();

        var items = new List<ItemRecord>();
        foreach (var item in ChecklistItems.All)
        {
            byId.TryGetValue(item.Id, out var record);
            record = Derivations.TryGetValue(item.Id, out var rule)
                ? Derive(item.Id, rule, record, byId, findingList, now)
                : record;
            items.Add(record ?? new ItemRecord(item.Id, ItemStatus.Skipped, NotRunReason, [], "", now));
        }

        var reasons = new List<string>();
        foreach (var record in items)
        {
            var item = ChecklistItems.Get(record.Id);
            if (item.Optional || Counts(record)) continue;
            reasons.Add($"{record.Id}: {record.Status} — {record.Reason}");
        }
        foreach (var finding in findingList)
            reasons.Add($"No-Go ({finding.CauseName}): {finding.Message} [{finding.Target}]");

        return new Decision(reasons.Count == 0, reasons, items);
    }

    /// <summary>True when a record satisfies its item: Pass, and nothing else (there are no waivers).</summary>
    public static bool Counts(ItemRecord record) => record.Status == ItemStatus.Pass;

    /// <summary>For each gonogo item: the finding causes that fail it and the items whose Pass proves it.</summary>
    private static readonly Dictionary<string, (NoGoCause[] Causes,
        string[] Basis)> Derivations = new(StringComparer.Ordinal)
    {
        ["gonogo.no-critical-high-alerts"] = ([NoGoCause.Alert], ["promote.alerts-endpoint"]),
        ["gonogo.no-soak-failure"] = ([NoGoCause.Soak, NoGoCause.Buffer], ["soak.verdict"]),
        ["gonogo.no-auth-failure"] = ([NoGoCause.Auth], ["security.signed-request-auth"]),
        ["gonogo.no-stream-regression"] = ([NoGoCause.Stream], ["soak.verdict"]),
    };

    private static ItemRecord? Derive(
        string id, (NoGoCause[] Causes, string[] Basis) rule, ItemRecord? explicitRecord,
        Dictionary<string, ItemRecord> byId, List<NoGoFinding> findings, DateTimeOffset now)
    {
        var hits = findings.Where(f => rule.Causes.Contains(f.Cause)).ToList();
        var basis = rule.Basis.Select(b => byId.GetValueOrDefault(b)).ToList();
        var evidence = basis.Where(b => b is not null).SelectMany(b => b!.Evidence)
            .Concat(explicitRecord?.Evidence ?? []).Distinct().ToList();
        if (hits.Count > 0)
            return new ItemRecord(id, ItemStatus.Fail, string.Join("; ",
                hits.Select(h => $"{h.CauseName}: {h.Message}")), evidence, DerivedTarget, now);
        // A target may prove the item directly (e.g. its own alert check); findings above still override it.
        if (explicitRecord is not null)
            return explicitRecord;
        var missing = rule.Basis.Where((b, i) => basis[i] is not { Status: ItemStatus.Pass }).ToList();
        if (missing.Count > 0)
            return new ItemRecord(id, ItemStatus.Skipped,
                $"not proved: {string.Join(", ", missing)} did not pass in this build", evidence, DerivedTarget, now);
        return new ItemRecord(id, ItemStatus.Pass,
            $"no {string.Join("/", rule.Causes.Select(c => c.ToString().ToLowerInvariant()))} finding; " +
            $"{string.Join(", ", rule.Basis)} passed", evidence, DerivedTarget, now);
    }
}
