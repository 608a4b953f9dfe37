using Build.Tests.Cloudflare;
using Cloudflare;
using CliWrap;
using CliWrap.Buffered;
using Engine;
using Tests.Shared;

/// <summary>
/// Once before every test of the assembly, in the test host's own network: what a build in a namespace of its own
/// could not download there (no registry) and what side-by-side builds would otherwise each do at once, the build's
/// bootstrap compile, the sandbox's simulator and the Worker's npm packages in the sandbox's shared cache.
/// </summary>
[SetUpFixture]
public sealed class PreparedOutside
{
    [OneTimeSetUp]
    public async Task Prepare()
    {
        // Each step is one the builds also take themselves when it is missing, so a failure here only costs time.
        await Step("./build.sh --help", Cli.Wrap(Repository.PathOf("build.sh")).WithArguments(["--help"]));
        await Step("cargo build (the sandbox's simulator)", Cli.Wrap(Repository.PathOf("sandbox", "bin", "cargo"))
            .WithArguments(["build", "-q"]).WithWorkingDirectory(Repository.PathOf("sandbox", "workspace")));
        var sandbox = AbsolutePath.Create(Repository.PathOf("sandbox"));
        var worker = sandbox / "workspace" / "cloudflare" / "worker";
        var copy = AbsolutePath.Create(Directory.CreateTempSubdirectory("vvtv-worker-packages-").FullName);
        try
        {
            foreach (var file in new[] { "package.json", "package-lock.json" })
                if ((worker / file).FileExists()) File.Copy(worker / file, copy / file);
            // The cache and version CloudflareVerify asks for, so its builds find the packages installed: the
            // sandbox's Worker, and the upstream one without a lockfile that a checkout's test gives the build.
            var version = WorkerPackages.PinnedWranglerVersion(worker / "package.json");
            var cache = sandbox / ".artifacts" / "worker-node_modules";
            await WorkerPackages.EnsureInstalledAsync(copy, cache, version);
            var upstream = AbsolutePath.Create(Directory.CreateTempSubdirectory("vvtv-worker-upstream-").FullName);
            try
            {
                File.WriteAllText(upstream / "package.json", WorkerPackagesTests.UpstreamPackageJson);
                await WorkerPackages.EnsureInstalledAsync(upstream, cache, version);
            }
            finally
            {
                Directory.Delete(upstream, recursive: true);
            }
        }
        catch (InvalidOperationException e)
        {
            TestContext.Progress.WriteLine($"Preparing the Worker's npm packages failed: {e.Message}");
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static async Task Step(string name, Command command)
    {
        var result = await command.WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (result.ExitCode != 0)
            TestContext.Progress.WriteLine($"Preparing: {name} failed (exit {result.ExitCode}):\n" +
                result.StandardOutput + result.StandardError);
    }
}
