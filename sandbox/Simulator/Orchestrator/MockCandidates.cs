using Simulator.Common;

namespace Simulator.Orchestrator;

/// <summary>The built-in discovery candidates of the mock path (§5.9): two allowlisted sources and one blacklisted
/// one.</summary>
public static class MockCandidates
{
    public sealed record Candidate(string Domain, string Title, string Theme, bool HdConfirmed);

    public static IReadOnlyList<Candidate> For(OwnerCard.OwnerCard card) =>
    [
        new(card.AllowlistDomains[0], "Noir night session", "noir", true),
        new(card.AllowlistDomains[^1], "Studio live session", "studio", true),
        new(card.BlacklistDomains.FirstOrDefault() ?? "blocked.invalid", "Unlisted upload", "misc", true),
    ];

    public static bool Accepted(Candidate c, OwnerCard.OwnerCard card) =>
        card.AllowlistDomains.Any(a => c.Domain.EndsWith(a, StringComparison.OrdinalIgnoreCase))
        && !card.BlacklistDomains.Any(b => c.Domain.EndsWith(b, StringComparison.OrdinalIgnoreCase))
        && !card.BlockedKeywords.Any(k => k.Length > 0 && (c.Title + " " + c.Domain)
            .Contains(k, StringComparison.OrdinalIgnoreCase))
        && (c.HdConfirmed || !card.RequireHdPlaybackConfirmation);

    public static string PlanJson(string planId, Candidate c, DateTimeOffset now) =>
        "{" +
        $"\"plan_id\":{JsonText.Str(planId)},\"source_url\":{JsonText.Str($"https://{c.Domain}/watch/{c.Theme}")}," +
        $"\"source_domain\":{JsonText.Str(c.Domain)},\"discovered_at\":{JsonText.Str(Timestamps.Rfc3339Z(now))}," +
        $"\"title\":{JsonText.Str(c.Title)},\"duration_sec\":600,\"theme_tags\":[{JsonText.Str(c.Theme)}]," +
        "\"visual_features\":[\"hd\"],\"quality_signals\":[\"hd-confirmed\"],\"selection_reason\":\"allowlisted-source\"," +
        "\"policy_match_score\":0.9,\"state\":\"Scheduled\"}";
}
