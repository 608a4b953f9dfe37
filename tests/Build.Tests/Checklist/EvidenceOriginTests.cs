using Checklist;

namespace Build.Tests.Checklist;

/// <summary>
/// Every item of decision.json names the run, workspace and attempt that proved it (real stores and files): two sandbox
/// copies of one template are two workspaces, adopted evidence keeps its origin and is named in decision.md, and a
/// reopened run counts its attempts.
/// </summary>
public sealed class EvidenceOriginTests
{
    private const string Template = "sandbox-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("evidence-origin-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Two_copies_of_one_template_are_two_workspaces()
    {
        var first = WorkspaceIdentity.MarkCopy(Copy("a"));
        var second = WorkspaceIdentity.MarkCopy(Copy("b"));
        Assert.That(first, Does.StartWith("sandbox-copy-"));
        Assert.That(second, Is.Not.EqualTo(first));
        Assert.That(WorkspaceIdentity.InstanceOf(Copy("a")), Is.EqualTo(first));
    }

    [Test]
    public void Adopted_evidence_keeps_its_origin_and_decision_md_names_both_workspaces()
    {
        var earlier = Store("a");
        earlier.Record("build.cargo-test", ItemStatus.Pass, "ok", "Test", earlier.WriteText("Test", "t.txt", "ok\n"));
        earlier.Finish();
        var later = Store("b");
        later.Record("security.signed-request-auth", ItemStatus.Pass, "ok", "Security");
        later.Adopt(earlier.RunDir, "build.cargo-test");

        var decision = later.Finish();

        var adopted = decision.Items.Single(i => i.Id == "build.cargo-test");
        Assert.That((adopted.Run, adopted.Workspace), Is.EqualTo((earlier.RunId, earlier.Workspace)));
        var own = decision.Items.Single(i => i.Id == "security.signed-request-auth");
        Assert.That((own.Run, own.Workspace), Is.EqualTo((later.RunId, later.Workspace)));
        Assert.That(decision.Workspaces, Is.EquivalentTo(new[] { earlier.Workspace, later.Workspace }));
        var markdown = File.ReadAllText(Path.Combine(later.RunDir, DecisionFile.MarkdownName));
        Assert.That(markdown, Does.Contain("Evidence from 2 workspaces").And.Contain(earlier.Workspace));
        var read = DecisionFile.Load(Path.Combine(later.RunDir, DecisionFile.JsonName));
        Assert.That(read.Items.Single(i => i.Id == "build.cargo-test").Workspace, Is.EqualTo(earlier.Workspace),
            "decision.json reads back what it wrote");
    }

    [Test]
    public void A_reopened_run_counts_its_attempts_and_keeps_each_items_own()
    {
        var run = Store("a");
        run.Record("build.cargo-test", ItemStatus.Pass, "ok", "Test");
        run.Finish();

        var resumed = EvidenceStore.Reopen(run.RunDir);
        resumed.Record("security.signed-request-auth", ItemStatus.Pass, "ok", "Security");
        var decision = resumed.Finish();

        Assert.That((resumed.Attempt, decision.Attempt), Is.EqualTo((2, 2)));
        Assert.That(decision.Items.Single(i => i.Id == "build.cargo-test").Attempt, Is.EqualTo(1));
        Assert.That(decision.Items.Single(i => i.Id == "security.signed-request-auth").Attempt, Is.EqualTo(2));
        Assert.That(decision.Items.Select(i => i.Run).Distinct(), Is.EqualTo(new[] { run.RunId }));
        Assert.That(RunIdentity.Read(run.RunDir).Attempt, Is.EqualTo(2));
    }

    private string Copy(string name) => Directory.CreateDirectory(Path.Combine(_dir, name, "workspace")).FullName;

    private EvidenceStore Store(string name)
    {
        var workspace = Copy(name);
        if (!File.Exists(Path.Combine(workspace, WorkspaceIdentity.CopyIdFile))) WorkspaceIdentity.MarkCopy(workspace);
        return EvidenceStore.Create(Path.Combine(_dir, name, "artifacts"), workspace, Template);
    }
}
