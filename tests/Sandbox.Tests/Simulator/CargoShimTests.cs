using Sandbox.Tests.Simulator.Support;

namespace Sandbox.Tests.Simulator;

/// <summary>The `sandbox/bin/cargo` stand-in answers like cargo (§0 exit codes, §2.0 exec).</summary>
[TestFixture, Parallelizable]
public sealed class CargoShimTests
{
    private TempWorkspace _ws = null!;

    [SetUp]
    public void CreateWorkspace() => _ws = new TempWorkspace();

    [TearDown]
    public void DeleteWorkspace() => _ws.Dispose();

    [Test]
    public async Task Unknown_package_is_a_cargo_error()
    {
        var r = await Cargo.RunAsync(_ws.Root, ["run", "-q", "-p", "vvtv-nope"]);
        Assert.That(r.ExitCode, Is.EqualTo(101));
        Assert.That(r.Stderr, Is.EqualTo("error: package ID specification `vvtv-nope` did not match any packages\n"));
    }

    [Test]
    public async Task Unknown_subcommand_exits_101()
    {
        var r = await Cargo.RunAsync(_ws.Root, ["frobnicate"]);
        Assert.That(r.ExitCode, Is.EqualTo(101));
        Assert.That(r.Stderr, Does.StartWith("error: no such command: `frobnicate`"));
    }

    [Test]
    public async Task Missing_manifest_exits_101()
    {
        var empty = Directory.CreateTempSubdirectory("vvtv-sim-empty-").FullName;
        try
        {
            var r = await Cargo.RunAsync(empty, ["build"]);
            Assert.That(r.ExitCode, Is.EqualTo(101));
            Assert.That(r.Stderr, Does.StartWith("error: could not find `Cargo.toml`"));
        }
        finally
        {
            Directory.Delete(empty, true);
        }
    }

    [Test]
    public async Task Manifest_in_a_parent_folder_is_found_and_progress_goes_to_stderr()
    {
        var nested = Directory.CreateDirectory(_ws.PathOf("apps", "deep")).FullName;
        var build = await Cargo.RunAsync(nested, ["build", "--workspace"]);
        Assert.That(build.ExitCode, Is.EqualTo(0));
        Assert.That(build.Stderr, Does.Contain("Finished `dev` profile"));

        var run = await Cargo.RunAsync(_ws.Root, ["run", "--release", "-p", "vvtv-admin"]);
        Assert.That(run.ExitCode, Is.EqualTo(0));
        Assert.That(run.Stderr,
            Does.Contain("Finished `release` profile").And.Contain("Running `target/release/vvtv-admin`"));
        Assert.That(run.Stdout, Does.Contain("backup"));

        var quiet = await Cargo.RunAsync(_ws.Root, ["run", "-q", "-p", "vvtv-admin"]);
        Assert.That(quiet.Stderr, Is.Empty);
    }
}
