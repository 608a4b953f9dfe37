using Engine;

namespace EngineTests;

public sealed class PlanningTests
{
    private TestRun _run = null!;
    [SetUp] public void SetUp() => _run = new TestRun();
    [TearDown] public void TearDown() => _run.Dispose();

    [Test]
    public void Default_target_runs_dependency_closure_in_order_with_component_targets()
    {
        var (exit, output) = _run.Run<GraphBuild>();
        Assert.That(exit, Is.EqualTo(0), output);
        // Report is triggered by Compile but ordered after Test; Clean is not planned (Before only orders).
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "Restore", "Compile:Debug", "Test", "Report", "Pack:24" }));
        Assert.That(output, Does.Contain("Default").And.Contain("Collective"));
    }

    [Test]
    public void Ordering_only_edges_apply_when_both_targets_are_invoked()
    {
        var (exit, _) = _run.Run<GraphBuild>("restore", "CLEAN");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "Clean", "Restore" }));
    }

    [Test]
    public void Names_match_case_insensitively_with_dashes_removed_and_plus_joins()
    {
        _run.Run<GraphBuild>("un-related+restore");
        Assert.That(TestRun.Executed, Is.EquivalentTo(new[] { "Restore", "Unrelated" }));
        _run.Run<GraphBuild>("--target", "Unrelated");
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "Unrelated" }));
    }

    [Test]
    public void Unknown_target_lists_valid_ones_and_suggests_closest()
    {
        var (exit, output) = _run.Run<GraphBuild>("Compiel");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("unknown target 'Compiel'").And.Contain("did you mean 'Compile'")
            .And.Contain("valid targets: Clean, Restore"));
        Assert.That(TestRun.Executed, Is.Empty);
    }

    [Test]
    public void Cycle_is_an_error_naming_the_cycle()
    {
        var (exit, output) = _run.Run<CycleBuild>();
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("circular dependency")
            .And.Match("A -> B -> C -> A|B -> C -> A -> B|C -> A -> B -> C"));
    }

    [Test]
    public void Skip_without_names_skips_everything_not_invoked()
    {
        var (exit, output) = _run.Run<GraphBuild>("Test", "--skip");
        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "Test", "Report" }).Or.EqualTo(new[] { "Test" }));
        Assert.That(TestRun.Executed, Does.Not.Contain("Restore"));
        Assert.That(output, Does.Contain("skipped by --skip"));
    }

    [Test]
    public void Skip_cascades_to_dependencies_no_other_target_needs()
    {
        // Skipping Compile drops Restore (only Compile needs it) and Report (only Compile triggers it); Test is invoked
        // so it runs.
        var (exit, output) = _run.Run<GraphBuild>("Test", "--skip", "compile");
        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "Test" }));
        Assert.That(output, Does.Contain("only needed by skipped Compile"));
    }

    [Test]
    public void Invoked_target_is_never_skipped_by_skip()
    {
        _run.Run<GraphBuild>("Restore", "--skip", "Restore");
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "Restore" }));
    }

    [Test]
    public void Static_condition_false_skips_and_records_condition_text()
    {
        var (exit, output) = _run.Run<GraphBuild>("Test", "--fast");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(TestRun.Executed, Does.Not.Contain("Test"));
        Assert.That(output, Does.Contain("condition false: () => !Fast"));
    }

    [Test]
    public void Dynamic_condition_is_checked_just_before_the_target()
    {
        ConditionBuild.Flag = false;
        var (exit, output) = _run.Run<ConditionBuild>();
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "Prepare" }));
        Assert.That(output, Does.Contain("condition false: () => Flag"));
    }

    [Test]
    public void WhenSkipped_Execute_keeps_dependencies_of_a_statically_skipped_target()
    {
        ConditionBuild.Flag = false;
        _run.Run<ConditionBuild>("Lint");
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "Prepare" }));
    }

    [Test]
    public void Plan_prints_order_and_writes_mermaid_html_without_running()
    {
        var (exit, output) = _run.Run<GraphBuild>("--plan");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(TestRun.Executed, Is.Empty);
        Assert.That(output, Does.Contain("1. Restore (dependency)").And.Contain("Default (invoked)")
            .And.Contain("Report (triggered)"));
        var html = (_run.Root / ".nuke" / "temp" / "plan.html").ReadAllText();
        Assert.That(html, Does.Contain("graph TD").And.Contain("Restore --> Compile")
            .And.Contain("Compile ==> Report"));
    }

    [Test]
    public void Plan_marks_skipped_targets_and_prints_the_builds_note_under_each_writing_nothing()
    {
        var (exit, output) = _run.Run<NotedBuild>("Ship", "--skip", "--plan");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(TestRun.Executed, Is.Empty);
        Assert.That(NotedBuild.Running, Is.EquivalentTo(new[] { "Ship" }));
        Assert.That(output, Does.Contain("1. Fetch (dependency; skipped by --skip)\n      Fetch would adopt run 42\n")
            .And.Contain("2. Check (dependency; skipped by --skip)\n      Check would adopt run 42\n")
            .And.Contain("3. Ship (invoked)\n"));
        Assert.That((_run.Root / ".nuke" / "temp").GlobFiles("continue-*.txt"), Is.Empty, "--plan records nothing");
    }

    [Test]
    public void Plan_notes_longer_than_a_line_wrap_at_100_columns_indented_under_their_target()
    {
        const string detail = ", recorded on a machine whose name is long, by a build whose evidence was signed " +
                              "with a key the allowed-signers file names, checked when the run is adopted";
        NotedBuild.Detail = detail;
        try
        {
            var (exit, output) = _run.Run<NotedBuild>("Ship", "--skip", "--plan");
            Assert.That(exit, Is.EqualTo(0), output);
            var lines = output.Split('\n').ToList();
            Assert.That(lines.Where(l => l.Length > HelpWriter.PipedWidth), Is.Empty, output);
            var fetch = lines.IndexOf("   1. Fetch (dependency; skipped by --skip)");
            Assert.That(fetch, Is.GreaterThanOrEqualTo(0), output);
            var note = lines.Skip(fetch + 1).TakeWhile(l => l.StartsWith("      ")).ToList();
            Assert.That(note, Has.Count.GreaterThan(1), "the note wraps onto more lines");
            Assert.That(string.Join(" ", note.Select(l => l.Trim())), Is.EqualTo("Fetch would adopt run 42" + detail),
                "every word of the note is kept, in order");
        }
        finally { NotedBuild.Detail = ""; }
    }

    [Test]
    public void Plan_with_continue_shows_the_targets_the_previous_attempt_finished_as_skipped()
    {
        // The first attempt runs Fetch and fails in Check; its plan with --continue skips Fetch only.
        NotedBuild.FailCheck = true;
        try { Assert.That(_run.Run<NotedBuild>("Ship").Exit, Is.Not.EqualTo(0)); }
        finally { NotedBuild.FailCheck = false; }
        var (exit, output) = _run.Run<NotedBuild>("Ship", "--continue", "--plan");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(TestRun.Executed, Is.Empty);
        Assert.That(output, Does.Contain("1. Fetch (dependency; succeeded in the previous attempt (--continue))\n" +
                                         "      Fetch would adopt run 42\n")
            .And.Contain("2. Check (dependency)\n"));
        Assert.That(NotedBuild.Running, Is.EquivalentTo(new[] { "Check", "Ship" }));
        // The plan's view is the run's: --continue then runs exactly what the plan said.
        Assert.That(_run.Run<NotedBuild>("Ship", "--continue").Exit, Is.EqualTo(0));
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "Check", "Ship" }));
    }

    [Test]
    public void Help_lists_targets_with_dependencies_default_marker_and_parameters()
    {
        var (exit, output) = _run.Run<GraphBuild>("--help", "--token", "hunter2-secret");
        Assert.That(exit, Is.EqualTo(0));
        // NUKE's shape: dependencies beside the name, the description on its own indented line below.
        Assert.That(output, Does.Contain("\n  Default (default) -> Test, Pack\n"));
        Assert.That(output, Does.Contain("\n  Compile -> Restore\n      Compiles\n"));
        Assert.That(output, Does.Contain("--soak-hours").And.Contain("How many hours to soak. Default: 24"));
        Assert.That(output, Does.Contain("--configuration").And.Contain("Configuration. Default: Debug"));
        Assert.That(output, Does.Not.Contain("(default:").And.Not.Contain("hunter2-secret"));
        Assert.That(TestRun.Executed, Is.Empty);
    }

    [Test]
    public void Schema_is_written_with_targets_and_typed_parameters()
    {
        _run.Run<GraphBuild>("--help");
        var path = _run.Root / ".nuke" / "build.schema.json";
        var schema = path.ReadAllText();
        Assert.That(schema, Does.Contain("\"Compile\"").And.Contain("\"SoakHours\"").And.Contain("\"integer\"")
            .And.Contain("\"Configuration\""));
        var before = File.GetLastWriteTimeUtc(path);
        Thread.Sleep(20);
        _run.Run<GraphBuild>("--help");
        Assert.That(File.GetLastWriteTimeUtc(path), Is.EqualTo(before), "unchanged schema must not be rewritten");
    }
}
