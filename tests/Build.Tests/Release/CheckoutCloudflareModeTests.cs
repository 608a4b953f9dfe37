using System.Security.Cryptography;
using Build.Tests.Cloudflare;
using Build.Tests.Defects;
using Checklist;
using Vvtv;

namespace Build.Tests.Release;

/// <summary>
/// Issue 16's Done-when, as typed: <c>./build.sh Release --vvtv-root &lt;checkout&gt; --cloudflare-mode local</c> on
/// a git checkout in production with secrets of its own ends NO-GO, and only because a local Worker proves nothing
/// about the deployed one. (Remote mode against the rehearsal Worker ending GO: SecretsLeakTests.)
/// </summary>
[TestFixture]
[Parallelizable]
public sealed class CheckoutCloudflareModeTests
{
    [Test]
    public async Task A_checkout_release_in_local_cloudflare_mode_ends_NO_GO_naming_worker_deployed_and_remote_mode()
    {
        using var checkout = await DefectCheckout.CreateAsync();
        var env = DefectCheckout.OperatorEnvironment();
        env["VVTV_ENV"] = "production";
        foreach (var name in new[] { "VVTV_CONTROL_TOKEN", "VVTV_CONTROL_SECRET", "VVTV_CLOUDFLARE_TOKEN",
                     "VVTV_CLOUDFLARE_SECRET" })
            env[name] = $"{name.ToLowerInvariant()}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20))}";
        // A production orchestrator needs a sync base URL; nothing answers on this one, as offline.
        env["VVTV_CLOUDFLARE_BASE_URL"] = $"https://127.0.0.1:{LoopbackPorts.Free()}";

        var (output, _, decision) = await checkout.BuildAsync(env, "Release", "--cloudflare-mode", "local",
            "--maintenance-window", "--soak-hours", "0", "--soak-interval-secs", "1", "--soak-max-samples", "3",
            "--canary-soak-hours", "0", "--canary-soak-interval-secs", "1", "--canary-soak-max-samples", "2");

        Assert.That(decision.Decision, Is.EqualTo("NO-GO"), output);
        Assert.That(decision.Reasons, Has.Some.StartsWith("cloudflare.worker-deployed: Fail")
            .And.Contain("--cloudflare-mode remote"), string.Join("\n", decision.Reasons));
        // Every other item held: the NO-GO is local mode's alone.
        Assert.Multiple(() =>
        {
            foreach (var item in decision.Items.Where(i => !i.Id.StartsWith("cloudflare.", StringComparison.Ordinal)))
                Assert.That(item.Status, Is.EqualTo(ItemStatus.Pass), $"{item.Id}: {item.Reason}");
        });
        Assert.That(SandboxBuildRoot.ProcessesWorkingUnder(checkout.Path), Is.Empty);
    }
}
