using CliWrap;
using CliWrap.Buffered;
using Engine;

namespace EngineTests;

/// <summary>
/// The built assembly's check of build.sh's input record, against records written by the same find command build.sh
/// runs: as they are they are current; a changed time, a changed size, an added or a removed file are not.
/// </summary>
public sealed class BootstrapInputsTests
{
    private string _root = "";
    private string _record = "";

    [SetUp]
    public async Task SetUp()
    {
        _root = Directory.CreateTempSubdirectory("engine-bootstrap-inputs-").FullName;
        Directory.CreateDirectory(Path.Combine(_root, "build", "Engine", "obj"));
        Directory.CreateDirectory(Path.Combine(_root, "build", "bin"));
        File.WriteAllText(Path.Combine(_root, "build", "Build.cs"), "class Build {}");
        File.WriteAllText(Path.Combine(_root, "build", "Engine", "Engine.cs"), "class Engine {}");
        File.WriteAllText(Path.Combine(_root, "build", "Engine", "obj", "generated.cs"), "ignored");
        File.WriteAllText(Path.Combine(_root, "build", "bin", "_build.dll"), "ignored");
        File.WriteAllText(Path.Combine(_root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(_root, "global.json"), "{}");
        File.WriteAllText(Path.Combine(_root, "README.md"), "not an input");
        _record = Path.Combine(_root, "record");
        await Record();
    }

    [TearDown] public void TearDown() => Directory.Delete(_root, recursive: true);

    // build.sh's inputs_signature, word for word.
    private async Task Record()
    {
        var find = await Cli.Wrap("bash").WithArguments(["-c",
                "find \"$1/build\" \"$1/Directory.Build.props\" \"$1/global.json\" \\( -name bin -o -name obj \\) " +
                "-prune -o -type f -printf '%p %s %T@\\n' > \"$2\"", "record", _root, _record])
            .ExecuteBufferedAsync();
        Assert.That(find.ExitCode, Is.EqualTo(0), find.StandardError);
    }

    [Test]
    public void Inputs_as_recorded_are_current_and_files_under_bin_obj_or_outside_build_do_not_count()
    {
        Assert.That(BootstrapInputs.IsCurrent(_root, _record), Is.True, File.ReadAllText(_record));
        File.WriteAllText(Path.Combine(_root, "build", "Engine", "obj", "generated.cs"), "changed, still ignored");
        File.WriteAllText(Path.Combine(_root, "README.md"), "changed, still not an input");
        Assert.That(BootstrapInputs.IsCurrent(_root, _record), Is.True);
    }

    [Test]
    public void A_new_time_is_a_change_even_with_the_same_content()
    {
        var file = Path.Combine(_root, "build", "Build.cs");
        File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddSeconds(-1));
        Assert.That(BootstrapInputs.IsCurrent(_root, _record), Is.False);
    }

    [Test]
    public void A_new_size_an_added_file_and_a_removed_file_are_changes()
    {
        var file = Path.Combine(_root, "build", "Engine", "Engine.cs");
        var time = File.GetLastWriteTimeUtc(file);
        File.WriteAllText(file, "class Engine { int x; }");
        File.SetLastWriteTimeUtc(file, time);
        Assert.That(BootstrapInputs.IsCurrent(_root, _record), Is.False, "size");

        File.WriteAllText(file, "class Engine {}");
        File.SetLastWriteTimeUtc(file, time);
        Assert.That(BootstrapInputs.IsCurrent(_root, _record), Is.True, "as recorded again");

        File.WriteAllText(Path.Combine(_root, "build", "New.cs"), "class New {}");
        Assert.That(BootstrapInputs.IsCurrent(_root, _record), Is.False, "added");
        File.Delete(Path.Combine(_root, "build", "New.cs"));

        File.Delete(Path.Combine(_root, "global.json"));
        Assert.That(BootstrapInputs.IsCurrent(_root, _record), Is.False, "removed");
    }

    [Test]
    public void A_missing_record_is_not_current()
    {
        File.Delete(_record);
        Assert.That(BootstrapInputs.IsCurrent(_root, _record), Is.False);
    }
}
