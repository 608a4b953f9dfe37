using Checklist;
using CliWrap;
using Engine;
using Vvtv;

namespace Build.Tests.Hygiene;

/// <summary>
/// Every reader of an earlier or imported run's files meets a FIFO where its file should be: each refuses it by type,
/// with a message naming the file, and none blocks (were one to open the FIFO, the test would wait for good).
/// </summary>
public sealed class EarlierRunReadersTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("earlier-run-readers-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    // The run folder's own record files, each with the reader that a later run calls.
    private static readonly object[] RecordFiles =
    [
        new object[] { RunFacts.FileName, (Action<string>)(dir => RunFacts.Read(dir)) },
        new object[] { LiveChangesFile.FileName, (Action<string>)(dir => LiveChangesFile.Read(dir)) },
        new object[] { RunIdentity.FileName, (Action<string>)(dir => RunIdentity.Read(dir)) },
        new object[] { FindingsFile.FileName, (Action<string>)(dir => FindingsFile.Read(dir)) },
    ];

    [TestCaseSource(nameof(RecordFiles))]
    public async Task A_run_record_file_is_refused(string name, Action<string> read)
    {
        var fifo = await Fifo(_dir, name);
        Refuses<DecisionFormatException>(() => read(_dir), fifo);
    }

    [Test]
    public async Task An_evidence_file_is_refused_before_it_is_hashed()
    {
        var store = Store("earlier");
        var evidence = store.WriteText("Test", "cargo-test.txt", "ok\n");
        store.Record("build.cargo-test", ItemStatus.Pass, "ok", "Test", evidence);
        store.Finish();
        var fifo = await ReplacedByFifo(store.RunDir, evidence);

        Assert.That(EvidenceChecksums.Problem(store.RunDir), Does.Contain("FIFO").And.Contain(fifo));
    }

    [Test]
    public async Task An_adopted_evidence_file_is_refused_before_it_is_copied()
    {
        var earlier = Store("earlier");
        var evidence = earlier.WriteText("Test", "cargo-test.txt", "ok\n");
        earlier.Record("build.cargo-test", ItemStatus.Pass, "ok", "Test", evidence);
        earlier.Finish();
        var fifo = await ReplacedByFifo(earlier.RunDir, evidence);

        Refuses<DecisionFormatException>(() => Store("later").Adopt(earlier.RunDir, "build.cargo-test"), fifo);
    }

    [Test]
    public async Task A_workspace_file_is_refused_before_it_is_copied_as_evidence()
    {
        var store = Store("run");
        var fifo = await Fifo(store.WorkspaceRoot, "summary.txt");
        Refuses<DecisionFormatException>(() => store.CopyFromWorkspace("Soak", fifo), fifo);
    }

    [Test]
    public async Task A_sandbox_copy_id_is_refused()
    {
        var fifo = await Fifo(_dir, WorkspaceIdentity.CopyIdFile);
        Refuses<DecisionFormatException>(() => WorkspaceIdentity.InstanceOf(_dir), fifo);
    }

    [Test]
    public async Task A_release_run_key_file_is_refused()
    {
        var keys = Directory.CreateDirectory(Path.Combine(_dir, "runs", ReleaseRunKeys.FolderName)).FullName;
        var fifo = await Fifo(keys, "key-1");
        Refuses<ExpectedErrorException>(() => ReleaseRunKeys.Load(_dir, "key-1"), fifo);
    }

    [Test]
    public async Task The_continue_pointer_is_refused()
    {
        var temp = Directory.CreateDirectory(Path.Combine(_dir, "temp")).FullName;
        var request = new RunRequest
        {
            ArtifactsDirectory = AbsolutePath.Create(Path.Combine(_dir, "artifacts")),
            SandboxDirectory = AbsolutePath.Create(Path.Combine(_dir, "sandbox")),
            TemporaryDirectory = AbsolutePath.Create(temp),
            InvocationKey = "k1",
            Continue = true,
        };
        var fifo = await Fifo(temp, "vvtv-run-k1.txt");
        Refuses<ExpectedErrorException>(() => ReleaseRun.EarlierAttempt(request), fifo);
    }

    [Test]
    public async Task The_workspace_Cargo_toml_is_refused()
    {
        var fifo = await Fifo(_dir, "Cargo.toml");
        var e = Assert.ThrowsAsync<VvtvFormatException>(() =>
            ReleaseDefaults.VersionAsync(AbsolutePath.Create(_dir), CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("FIFO").And.Contain(fifo));
    }

    [Test]
    public async Task A_soak_journal_is_refused()
    {
        var fifo = await Fifo(_dir, global::Soak.SamplesJournal.FileName);
        Refuses<DecisionFormatException>(() => new global::Soak.SamplesJournal(fifo).Load(), fifo);
    }

    private EvidenceStore Store(string name)
    {
        var workspace = Directory.CreateDirectory(Path.Combine(_dir, name, "workspace")).FullName;
        return EvidenceStore.Create(Path.Combine(_dir, name, "artifacts"), workspace, Commit);
    }

    private static void Refuses<T>(TestDelegate read, string fifo) where T : Exception
    {
        var e = Assert.Throws<T>(read);
        Assert.That(e!.Message, Does.Contain("FIFO").And.Contain(fifo));
        Assert.That(e.Message, Does.Not.Contain("\n"), "one line");
    }

    private static async Task<string> Fifo(string dir, string name)
    {
        var path = Path.Combine(dir, name);
        await Cli.Wrap("mkfifo").WithArguments([path]).ExecuteAsync();
        return path;
    }

    private static async Task<string> ReplacedByFifo(string runDir, string relative)
    {
        var path = Path.Combine(runDir, relative);
        File.Delete(path);
        await Cli.Wrap("mkfifo").WithArguments([path]).ExecuteAsync();
        return path;
    }
}
