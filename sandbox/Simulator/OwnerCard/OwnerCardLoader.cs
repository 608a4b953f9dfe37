using System.Globalization;
using Simulator.Common;
using YamlDotNet.RepresentationModel;

namespace Simulator.OwnerCard;

/// <summary>Reads an owner card YAML file, checks every required field's presence and type, then the §5.10
/// rules.</summary>
public static class OwnerCardLoader
{
    public static OwnerCard Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read owner card {path}: {e.Message}");
        }
        return Parse(text, path);
    }

    public static OwnerCard Parse(string yaml, string source = "owner card")
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlDotNet.Core.YamlException e) { throw new CliException($"{source}: not valid YAML: {e.Message}"); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new CliException($"{source}: expected a YAML mapping at the top level");
        var r = new Reader(root, source);

        var card = new OwnerCard(
            r.Int("", "schema_version", 0, ushort.MaxValue),
            r.Strings("search_policy", "allowlist_domains"),
            r.Strings("search_policy", "blacklist_domains"),
            r.Strings("search_policy", "blocked_keywords"),
            r.Int("schedule_policy", "commit_lead_hours", 0, ushort.MaxValue),
            r.Int("schedule_policy", "commit_interval_minutes", 0, ushort.MaxValue),
            r.Int("schedule_policy", "buffer_target_minutes", 0, ushort.MaxValue),
            r.Int("schedule_policy", "buffer_critical_minutes", 0, ushort.MaxValue),
            r.Int("quality_policy", "min_resolution_height", 0, ushort.MaxValue),
            r.Float("quality_policy", "target_audio_lufs"),
            r.Bool("curator_policy", "auto_apply"),
            r.Bool("safety_policy", "require_hd_playback_confirmation"),
            r.Float("autotune_policy", "max_daily_adjustment_pct"),
            r.Bool("autotune_policy", "enabled"));
        // Required fields the simulator does not otherwise use.
        r.Int("editorial_profile", "target_avg_duration_sec", 0, uint.MaxValue);
        r.Int("editorial_profile", "max_consecutive_same_theme", 0, byte.MaxValue);
        r.Int("editorial_profile", "min_unique_themes_per_block", 0, byte.MaxValue);
        r.Int("schedule_policy", "planning_horizon_hours", 0, ushort.MaxValue);
        r.Float("quality_policy", "max_audio_deviation_lufs");
        r.Strings("music_policy", "preferred_moods");
        r.Float("music_policy", "block_music_ratio");
        r.Float("curator_policy", "min_confidence");
        r.Int("curator_policy", "max_reorders_per_hour", 0, byte.MaxValue);
        r.Bool("safety_policy", "reject_suspicious_watermark");

        if (card.SchemaVersion < 1) throw new CliException($"{source}: schema_version must be at least 1");
        if (card.AllowlistDomains.Count == 0) throw new CliException($"{source}: search_policy.allowlist_domains " +
            $"must not be empty");
        if (card.BufferCriticalMinutes >= card.BufferTargetMinutes)
            throw new CliException($"{source}: schedule_policy.buffer_critical_minutes must be below " +
                $"buffer_target_minutes");
        if (card.MaxDailyAdjustmentPct > 20)
            throw new CliException($"{source}: autotune_policy.max_daily_adjustment_pct must be at most 20");
        return card;
    }

    private sealed class Reader(YamlMappingNode root, string source)
    {
        private YamlNode Node(string section, string field)
        {
            var where = section.Length == 0 ? field : $"{section}.{field}";
            var map = root;
            if (section.Length > 0)
            {
                if (!root.Children.TryGetValue(new YamlScalarNode(section), out var s) || s is not YamlMappingNode sm)
                    throw new CliException($"{source}: missing section `{section}`");
                map = sm;
            }
            return map.Children.TryGetValue(new YamlScalarNode(field), out var n) ? n
                : throw new CliException($"{source}: missing field `{where}`");
        }

        private string Scalar(string section, string field, string expected) =>
            Node(section, field) is YamlScalarNode { Value: { } v } ? v
                : throw new CliException($"{source}: `{Where(section, field)}` must be {expected}");

        public int Int(string section, string field, long min, long max)
        {
            var v = Scalar(section, field, "an integer");
            return long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min
                && n <= max
                ? (int)Math.Min(n, int.MaxValue)
                : throw new CliException($"{source}: `{Where(section, field)}` must be an integer from {min} to " +
                    $"{max}, got `{v}`");
        }

        public float Float(string section, string field)
        {
            var v = Scalar(section, field, "a number");
            return float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f
                : throw new CliException($"{source}: `{Where(section, field)}` must be a number, got `{v}`");
        }

        public bool Bool(string section, string field)
        {
            var v = Scalar(section, field, "true or false");
            return v switch
            {
                "true" => true,
                "false" => false,
                _ => throw new CliException($"{source}: `{Where(section, field)}` must be true or false, got `{v}`"),
            };
        }

        public IReadOnlyList<string> Strings(string section, string field) =>
            Node(section, field) is YamlSequenceNode seq && seq.Children.All(c => c is YamlScalarNode)
                ? seq.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList()
                : throw new CliException($"{source}: `{Where(section, field)}` must be a list of strings");

        private static string Where(string section, string field) => section.Length == 0 ? field : $"{section}.{field}";
    }
}
