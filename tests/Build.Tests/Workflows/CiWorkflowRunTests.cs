using CliWrap;
using CliWrap.Buffered;
using Tests.Shared;

namespace Build.Tests.Workflows;

/// <summary>
/// The committed ci.yml, run the way GitHub runs it on a push (<see cref="LocalWorkflowRun"/>): a fresh clone, the
/// setup steps, then its <c>dotnet test</c>. The whole suite would take most of an hour, so the runner's environment
/// sets <c>VVTV_TEST_FILTER</c> (empty on GitHub) to one fast fixture; the steps run are the workflow's own.
/// </summary>
// One of the suite's longest fixtures: it starts among the first (Support/OrderAcrossNamespacesAttribute).
[TestFixture]
[Order(2)]
[Parallelizable]
[Category("Workflow")]
public sealed class CiWorkflowRunTests
{
    [Test]
    public async Task The_ci_job_runs_its_steps_in_a_fresh_clone_and_passes()
    {
        var dir = Directory.CreateTempSubdirectory("vvtv-ci-workflow-").FullName;
        try
        {
            var sha = (await Cli.Wrap("git").WithArguments(["rev-parse", "HEAD"]).WithWorkingDirectory(Repository.Root)
                .ExecuteBufferedAsync()).StandardOutput.Trim();
            var run = new LocalWorkflowRun(Repository.PathOf(".github", "workflows", "ci.yml"), new WorkflowRunSettings(
                new WorkflowEvent("push", "refs/heads/main", new Dictionary<string, string>()),
                WorkDirectory: dir,
                BuildRepository: Repository.Root,
                Sha: sha,
                Repository: "danvoulez/vvtv-release",
                Repositories: new Dictionary<string, string> { ["danvoulez/vvtv-release"] = Repository.Root },
                Secrets: new Dictionary<string, string>(),
                Variables: new Dictionary<string, string>(),
                RunnerEnvironment: new Dictionary<string, string?>
                {
                    ["VVTV_TEST_FILTER"] = "FullyQualifiedName~EngineTests.ParameterTests",
                },
                ApiUrl: "https://api.github.com"));
            await run.RunAsync();
            var job = run.Jobs["test"];
            Assert.That(job.Conclusion, Is.EqualTo("success"), job.Log);
            Assert.That(job.StepsRun, Is.EqualTo(new[]
            {
                "Check out", "Cache ~/.nuget/packages", "actions/setup-dotnet", "actions/setup-node",
                "dotnet test ${VVTV_TEST_FILTER:+--filter \"$VVTV_TEST_FILTER\"}",
            }));
            Assert.That(job.Log, Does.Contain("Passed!"), "dotnet test ran tests in the clone");
            Assert.That(job.RunsOn, Is.EqualTo(new[] { "ubuntu-latest" }));
        }
        finally { try { Directory.Delete(dir, recursive: true); } catch (IOException) { } }
    }
}
