using System.Text.RegularExpressions;

namespace Engine;

/// <summary>Checks names GitHub restricts, so a typo fails at generation rather than on the runner.</summary>
internal static partial class GitHubNames
{
    public static string Variable(string name, string what) =>
        VariablePattern().IsMatch(name) ? name
            : throw new ArgumentException($"{what} name '{name}' must be letters, digits and '_', not " +
                $"starting with a digit");

    public static string Id(string name, string what) =>
        IdPattern().IsMatch(name) ? name
            : throw new ArgumentException($"{what} '{name}' must start with a letter or '_' and hold only letters, " +
                $"digits, '-' and '_'");

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariablePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex IdPattern();
}
