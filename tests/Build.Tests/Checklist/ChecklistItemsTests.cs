using Checklist;

namespace Build.Tests.Checklist;

public sealed class ChecklistItemsTests
{
    [Test]
    public void Ids_are_exactly_the_agreed_list_in_order()
    {
        string[] expected =
        [
            "golive.gate", "golive.summary", "golive.artifacts", "build.cargo-test", "build.orchestrator-commit-window",
                "build.control-api-endpoints",
            "security.production-env", "security.non-dev-secrets", "security.cloudflare-credentials",
                "security.signed-request-auth",
            "runbook.force-nightly", "runbook.export-audits", "runbook.backup-key-rotate", "runbook.backup-key-ensure",
                "runbook.backup-key-prune",
            "runbook.backup-metadata", "runbook.backup-metadata-secure", "runbook.verify-backup",
                "runbook.verify-backup-secure",
            "runbook.restore-metadata", "runbook.restore-metadata-secure", "runbook.emergency-on-off", "soak.run",
                "soak.verdict", "soak.artifacts",
            "canary.run", "canary.status", "canary.auto-promote", "promote.alerts-endpoint", "promote.gate",
                "promote.record",
            "cloudflare.d1-migration", "cloudflare.worker-deployed", "cloudflare.sync-variables",
                "cloudflare.latest-reports",
            "gonogo.no-critical-high-alerts", "gonogo.no-soak-failure", "gonogo.no-auth-failure",
                "gonogo.no-stream-regression",
        ];
        Assert.That(ChecklistItems.All.Select(i => i.Id), Is.EqualTo(expected));
        Assert.That(ChecklistItems.All.Where(i => i.Optional)
            .Select(i => i.Id), Is.EqualTo(new[] { "canary.auto-promote" }));
        Assert.That(ChecklistItems.All.Select(i => i.Section).Distinct(), Is.EqualTo(ChecklistItems.Sections.All));
        Assert.That(ChecklistItems.All.All(i => i.Text.Length > 5), Is.True);
    }

    [Test]
    public void Unknown_id_is_a_clear_error()
    {
        Assert.That(ChecklistItems.Get("soak.verdict").Section, Is.EqualTo("Soak run"));
        Assert.That(() => ChecklistItems.Get("soak.verdikt"),
            Throws.InstanceOf<KeyNotFoundException>().With.Message.Contains("'soak.verdikt'"));
    }
}
