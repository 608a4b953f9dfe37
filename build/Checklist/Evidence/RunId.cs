using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Checklist;

/// <summary>Run ids: UTC start time then 6 random hex digits, so string order is time order and ids are
/// unique.</summary>
public static partial class RunId
{
    /// <summary>A new id for a run starting at <paramref name="startedAt"/>.</summary>
    public static string New(DateTimeOffset startedAt) =>
        startedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" +
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    /// <summary>True for a well-formed run id.</summary>
    public static bool IsValid(string id) => Pattern().IsMatch(id);

    [GeneratedRegex("^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}$")]
    private static partial Regex Pattern();
}
