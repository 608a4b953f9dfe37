using Checklist;

namespace Build.Tests.Checklist;

public sealed class GoNoGoTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);

    private static List<ItemRecord> AllPass() =>
        ChecklistItems.All.Where(i => !i.Id.StartsWith("gonogo."))
            .Select(i => new ItemRecord(i.Id, ItemStatus.Pass, "ok", [], "T", Now)).ToList();

    private static List<ItemRecord> With(List<ItemRecord> records, string id, ItemStatus status, string reason)
    {
        records.RemoveAll(r => r.Id == id);
        records.Add(new ItemRecord(id, status, reason, [], "T", Now));
        return records;
    }

    [Test]
    public void All_pass_and_no_findings_is_go_with_derived_gonogo_items()
    {
        var d = GoNoGo.Decide(AllPass(), [], Now);
        Assert.That(d.Verdict, Is.EqualTo("GO"), string.Join("\n", d.Reasons));
        Assert.That(d.Items.Where(i => i.Id.StartsWith("gonogo."))
            .Select(i => i.Status), Is.All.EqualTo(ItemStatus.Pass));
    }

    [Test]
    public void Nothing_recorded_is_no_go_with_every_item_skipped()
    {
        var d = GoNoGo.Decide([], [], Now);
        Assert.That(d.Go, Is.False);
        Assert.That(d.Items, Has.Count.EqualTo(ChecklistItems.All.Count));
        Assert.That(d.Items.Select(i => i.Status), Is.All.EqualTo(ItemStatus.Skipped));
        Assert.That(d.Items.First().Reason, Is.EqualTo(GoNoGo.NotRunReason));
        Assert.That(d.Reasons, Has.Some.StartsWith("golive.gate: Skipped"));
    }

    [Test]
    public void Failing_item_is_named_in_reasons()
    {
        var d = GoNoGo.Decide(With(AllPass(), "soak.verdict", ItemStatus.Fail, "verdict=FAIL"), [], Now);
        Assert.That(d.Go, Is.False);
        Assert.That(d.Reasons, Has.Member("soak.verdict: Fail — verdict=FAIL"));
    }

    [Test]
    public void Optional_item_does_not_block()
    {
        Assert.That(GoNoGo.Decide(With(AllPass(), "canary.auto-promote", ItemStatus.Fail, "BLOCKED"), [], Now).Go,
            Is.True);
    }

    [TestCase(NoGoCause.Soak, "soak failure", "gonogo.no-soak-failure")]
    [TestCase(NoGoCause.Auth, "auth failure", "gonogo.no-auth-failure")]
    [TestCase(NoGoCause.Stream, "stream continuity regression", "gonogo.no-stream-regression")]
    [TestCase(NoGoCause.Alert, "active critical/high alert", "gonogo.no-critical-high-alerts")]
    public void Each_no_go_cause_is_named_and_fails_its_item(NoGoCause cause, string name, string item)
    {
        var finding = new NoGoFinding(cause, "observed in sample 3", "Soak", Now);
        var d = GoNoGo.Decide(AllPass(), [finding], Now);
        Assert.That(d.Go, Is.False);
        Assert.That(d.Reasons, Has.Some.Contains(name).And.Some.Contains("observed in sample 3"));
        Assert.That(d.Items.Single(i => i.Id == item).Status, Is.EqualTo(ItemStatus.Fail));
        Assert.That(d.Reasons, Has.Some.StartWith(item + ": Fail"));
    }

    [Test]
    public void A_finding_overrides_an_explicit_pass_of_a_gonogo_item()
    {
        var records = With(AllPass(), "gonogo.no-critical-high-alerts", ItemStatus.Pass, "alerts parsed: none");
        var d = GoNoGo.Decide(records, [new NoGoFinding(NoGoCause.Alert, "BUFFER_CRITICAL critical", "Promote", Now)],
            Now);
        Assert.That(d.Items.Single(i => i.Id == "gonogo.no-critical-high-alerts").Status, Is.EqualTo(ItemStatus.Fail));
    }

    [Test]
    public void Gonogo_item_without_its_basis_is_skipped_not_passed()
    {
        var d = GoNoGo.Decide(With(AllPass(), "soak.verdict", ItemStatus.Skipped, "not run"), [], Now);
        Assert.That(d.Items.Single(i => i.Id == "gonogo.no-stream-regression").Status, Is.EqualTo(ItemStatus.Skipped));
    }

    [Test]
    public void Record_for_unknown_id_is_refused() =>
        Assert.That(() => GoNoGo.Decide([new ItemRecord("nope", ItemStatus.Pass, "", [], "T", Now)], [], Now),
            Throws.InstanceOf<KeyNotFoundException>());
}
