using Build.Tests.Vvtv;
using Vvtv;

namespace Build.Tests.BadInput;

/// <summary>Paths in VVTV files that would lead the build out of the workspace: every path key of result.env, and
/// manifest file names.</summary>
public sealed class HostilePathTests
{
    private static readonly string[] PathKeys = ["backup_dir", "canary_out_dir", "soak_summary", "promotion_record"];

    public static IEnumerable<TestCaseData> Escapes() =>
        from key in PathKeys
        from value in new[] { "../../etc/passwd", "/etc/passwd", "runtime/../../outside", "runtime/./../..", "//etc",
            "runtime/" + string.Concat(Enumerable.Repeat("../", 64)) + "etc" }
        select new TestCaseData(key, value).SetName($"{key} = {value[..Math.Min(value.Length, 30)]}");

    [TestCaseSource(nameof(Escapes))]
    public void Result_env_path_leaving_the_workspace(string key, string value) =>
        Refused(key, value, "outside");

    [TestCaseSource(nameof(PathKeys))]
    public void Result_env_path_through_a_symbolic_link_that_leaves_the_workspace(string key)
    {
        using var outside = new ScratchDir();
        using var workspace = new ScratchDir();
        Directory.CreateDirectory(Path.Combine(workspace.Path, "runtime"));
        Directory.CreateSymbolicLink(Path.Combine(workspace.Path, "runtime", "elsewhere"), outside.Path);
        Refused(key, "runtime/elsewhere/summary.txt", "outside", workspace);
    }

    [TestCaseSource(nameof(PathKeys))]
    public void Result_env_path_of_absurd_length(string key) =>
        Refused(key, "runtime/" + new string('a', 70_000), key);

    [TestCaseSource(nameof(PathKeys))]
    public void Result_env_path_with_a_nul_character(string key) =>
        Refused(key, "runtime/a\0b", "NUL");

    [TestCase("/etc/passwd")]
    [TestCase("../state.db")]
    [TestCase("..")]
    [TestCase(".")]
    [TestCase("")]
    [TestCase("sub/state.db")]
    [TestCase("sub\\\\state.db")]
    [TestCase("state\\u0000.db")]
    public void Manifest_file_name_that_is_not_a_plain_name(string name)
    {
        using var dir = new ScratchDir();
        var path = dir.Write("manifest.json", VvtvSamples.Manifest(stateFile: name));
        var e = Assert.Throws<VvtvFormatException>(() => BackupManifest.Load(path))!;
        Assert.That(e.Message, Does.StartWith(path).And.Contain("state_db_file"));
    }

    private static void Refused(string key, string value, string expected, ScratchDir? workspace = null)
    {
        using var own = workspace is null ? new ScratchDir() : null;
        var dir = workspace ?? own!;
        var text = string.Join("\n", VvtvSamples.CanaryResult.Split('\n')
            .Select(l => l.StartsWith(key + "=") ? $"{key}={value}" : l));
        var path = dir.Write("result.env", text);
        try
        {
            CanaryResult.Load(path, dir.Path);
            Assert.Fail($"{key}={value[..Math.Min(value.Length, 60)]} was accepted");
        }
        catch (VvtvFormatException e)
        {
            Assert.That(e.Message, Does.StartWith(path).And.Contain(expected));
        }
        catch (Exception e) when (e is not AssertionException)
        {
            Assert.Fail($"{key}={value[..Math.Min(value.Length, 60)]} threw {e.GetType().Name} instead of a " +
                $"VvtvFormatException: {e.Message}");
        }
    }
}
