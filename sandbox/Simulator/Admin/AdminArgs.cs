using Simulator.Common;

namespace Simulator.Admin;

/// <summary>`--flag value` parsing for one admin command, with the contract's error fragments.</summary>
public sealed class AdminArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _switches = new(StringComparer.Ordinal);

    public static AdminArgs Parse(string command, string[] args, string[] valueFlags, string[] switchFlags)
    {
        var parsed = new AdminArgs();
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            if (switchFlags.Contains(flag)) { parsed._switches.Add(flag); continue; }
            if (!valueFlags.Contains(flag)) throw new CliException($"unknown flag for {command}: {flag}");
            if (i + 1 >= args.Length) throw new CliException($"missing value for {flag}");
            parsed._values[flag] = args[++i];
        }
        return parsed;
    }

    public string Get(string flag, string fallback) => _values.GetValueOrDefault(flag, fallback);

    public string? Get(string flag) => _values.GetValueOrDefault(flag);

    public bool Has(string flag) => _switches.Contains(flag);
}
