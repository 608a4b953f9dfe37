using System.Diagnostics;
using Build.Tests.Vvtv;
using Checklist;

namespace Build.Tests.Checklist;

public sealed class WorkspaceIdentityTests
{
    private static string Git(string cwd, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = cwd, RedirectStandardOutput = true,
            RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.Zero, $"git {string.Join(' ', args)}: {p.StandardError.ReadToEnd()}");
        return output.Trim();
    }

    [Test]
    public void Git_checkout_gives_head_and_dirty_suffix()
    {
        using var dir = new ScratchDir();
        Git(dir.Path, "init", "-q");
        dir.Write("scripts/a.sh", "echo 1\n");
        Git(dir.Path, "add", ".");
        Git(dir.Path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "c");
        var head = Git(dir.Path, "rev-parse", "HEAD");
        Assert.That(WorkspaceIdentity.Of(dir.Path), Is.EqualTo(head));
        dir.Write("runtime/out.log", "untracked output does not make it dirty");
        Assert.That(WorkspaceIdentity.Of(dir.Path), Is.EqualTo(head));
        dir.Write("scripts/a.sh", "echo 2\n");
        Assert.That(WorkspaceIdentity.Of(dir.Path), Is.EqualTo(head + "-dirty"));
    }

    [Test]
    public void Sandbox_copy_is_identified_by_template_content_not_path()
    {
        using var a = new ScratchDir();
        using var b = new ScratchDir();
        foreach (var d in new[] { a, b })
        {
            d.Write("scripts/run.sh", "echo run\n");
            d.Write("config/x.yaml", "k: v\n");
        }
        // The sandbox copy lives inside a subfolder, which is not the top of any checkout.
        var copy = Directory.CreateDirectory(Path.Combine(a.Path, "copy")).FullName;
        var idA = WorkspaceIdentity.Of(copy, a.Path);
        Assert.That(idA, Does.Match("^sandbox-[0-9a-f]{64}$"));
        b.Write("copy/.keep", "");
        Directory.Delete(Path.Combine(b.Path, "copy"), true);
        Directory.CreateDirectory(Path.Combine(a.Path, "copy")); // same content in a and b except the empty copy dir
        Assert.That(WorkspaceIdentity.HashTree(b.Path), Is.EqualTo(WorkspaceIdentity.HashTree(a.Path)));
        b.Write("config/x.yaml", "k: w\n");
        Assert.That(WorkspaceIdentity.HashTree(b.Path), Is.Not.EqualTo(WorkspaceIdentity.HashTree(a.Path)));
        Assert.That(() => WorkspaceIdentity.Of(copy), Throws.InvalidOperationException);
    }
}
