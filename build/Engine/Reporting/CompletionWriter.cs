using System.Text;

namespace Engine;

/// <summary>
/// --completion bash|zsh|pwsh: a script completing targets, parameters and enum values for ./build.sh, build.ps1 and
/// build.cmd. The lists are written into the script (no call back into the build while typing); load it again after
/// adding a target or parameter.
/// </summary>
internal static class CompletionWriter
{
    public static void Write(TextWriter o, string shell, IReadOnlyList<ExecutableTarget> targets,
        IReadOnlyList<ParameterMember> parameters, AbsolutePath root)
    {
        var targetNames = targets.Where(t => !t.Definition.IsUnlisted).Select(t => t.Name).ToList();
        var options = parameters.Select(p => p.CommandLineName)
            .Concat(BuiltInParameter.All.Select(b => b.CommandLineName)).Order(StringComparer.Ordinal).ToList();
        var values = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var b in BuiltInParameter.All)
        {
            IReadOnlyList<string>? words = b.Kind switch
            {
                BuiltInKind.Targets => targetNames,
                BuiltInKind.Host => Enum.GetNames<Host>(),
                BuiltInKind.Verbosity => Enum.GetNames<Verbosity>(),
                BuiltInKind.Shell => ["bash", "zsh", "pwsh"],
                BuiltInKind.Profiles => [.. ProfileNames(root)],
                _ => null,
            };
            if (words is { Count: > 0 }) values[b.CommandLineName] = words;
        }
        foreach (var p in parameters)
        {
            var t = Nullable.GetUnderlyingType(p.Type) ?? p.Type;
            if (t.IsArray) t = t.GetElementType()!;
            if (t.IsEnum) values[p.CommandLineName] = Enum.GetNames(t);
            else if (t == typeof(bool)) values[p.CommandLineName] = ["true", "false"];
        }
        o.Write(shell.ToLowerInvariant() switch
        {
            "bash" => Bash(targetNames, options, values, zsh: false),
            "zsh" => Bash(targetNames, options, values, zsh: true),
            "pwsh" or "powershell" => Pwsh(targetNames, options, values),
            _ => throw new ParameterException($"--completion: '{shell}' is not a shell this build completes; " +
                                              "valid values: bash, zsh, pwsh"),
        });
    }

    private static IEnumerable<string> ProfileNames(AbsolutePath root) =>
        (root / ".nuke").DirectoryExists()
            ? Directory.EnumerateFiles(root / ".nuke", "parameters.*.json")
                .Select(f => Path.GetFileName(f)["parameters.".Length..^".json".Length]).Order(StringComparer.Ordinal)
            : [];

    // One function serves bash and, through bashcompinit, zsh: it completes the values of the nearest option to the
    // left of the cursor, option names for a word starting with '-', and targets before the first option.
    private static string Bash(IReadOnlyList<string> targets, IReadOnlyList<string> options,
        IDictionary<string, IReadOnlyList<string>> values, bool zsh)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# {(zsh ? "zsh" : "bash")} completion for the build; load with: " +
                      $"source <(./build.sh --completion {(zsh ? "zsh" : "bash")})");
        if (zsh) sb.AppendLine("autoload -U +X bashcompinit && bashcompinit");
        sb.AppendLine("_nuke_build_complete() {");
        sb.AppendLine("    local cur=\"${COMP_WORDS[COMP_CWORD]}\" option=\"\" words=\"\" i");
        sb.AppendLine("    for (( i = COMP_CWORD - 1; i > 0; i-- )); do");
        sb.AppendLine("        if [[ \"${COMP_WORDS[i]}\" == -* ]]; then option=\"${COMP_WORDS[i]}\"; break; fi");
        sb.AppendLine("    done");
        sb.AppendLine("    if [[ \"$cur\" == -* ]]; then");
        sb.AppendLine($"        words=\"{string.Join(' ', options)}\"");
        sb.AppendLine("    else");
        sb.AppendLine("        case \"$option\" in");
        sb.AppendLine($"            \"\") words=\"{string.Join(' ', targets)}\" ;;");
        foreach (var (option, words) in values)
            sb.AppendLine($"            {option}) words=\"{string.Join(' ', words)}\" ;;");
        sb.AppendLine("        esac");
        sb.AppendLine("    fi");
        sb.AppendLine("    # shellcheck disable=SC2207 # the words are plain names without spaces or globs");
        sb.AppendLine("    COMPREPLY=( $(compgen -W \"$words\" -- \"$cur\") )");
        sb.AppendLine("}");
        sb.AppendLine("complete -F _nuke_build_complete build.sh ./build.sh build.cmd ./build.cmd");
        return sb.ToString();
    }

    private static string Pwsh(IReadOnlyList<string> targets, IReadOnlyList<string> options,
        IDictionary<string, IReadOnlyList<string>> values)
    {
        static string List(IEnumerable<string> words) => "@(" + string.Join(", ", words.Select(w => $"'{w}'")) + ")";
        var sb = new StringBuilder();
        sb.AppendLine("# PowerShell completion for the build; load with:");
        sb.AppendLine("#   ./build.ps1 --completion pwsh | Out-String | Invoke-Expression");
        sb.AppendLine("$nukeBuildCompleter = {");
        sb.AppendLine("    param($wordToComplete, $commandAst, $cursorPosition)");
        sb.AppendLine($"    $targets = {List(targets)}");
        sb.AppendLine($"    $options = {List(options)}");
        sb.AppendLine("    $values = @{");
        foreach (var (option, words) in values) sb.AppendLine($"        '{option}' = {List(words)}");
        sb.AppendLine("    }");
        sb.AppendLine("    $before = @($commandAst.CommandElements | Select-Object -Skip 1 |");
        sb.AppendLine("        Where-Object { $_.Extent.EndOffset -lt $cursorPosition } |");
        sb.AppendLine("        ForEach-Object { $_.Extent.Text })");
        sb.AppendLine("    $option = @($before | Where-Object { $_ -like '-*' } | Select-Object -Last 1)");
        sb.AppendLine("    $words = if ($wordToComplete -like '-*') { $options }");
        sb.AppendLine("        elseif ($option.Count -eq 0) { $targets }");
        sb.AppendLine("        elseif ($values.ContainsKey($option[0])) { $values[$option[0]] }");
        sb.AppendLine("        else { @() }");
        sb.AppendLine("    $words | Where-Object { $_ -like \"$wordToComplete*\" } | ForEach-Object {");
        sb.AppendLine("        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)");
        sb.AppendLine("    }");
        sb.AppendLine("}");
        sb.AppendLine("Register-ArgumentCompleter -Native -CommandName build.sh, ./build.sh, build.cmd, ./build.cmd " +
                      "-ScriptBlock $nukeBuildCompleter");
        sb.AppendLine("Register-ArgumentCompleter -CommandName build.ps1, ./build.ps1 -ParameterName BuildArguments " +
                      "-ScriptBlock {");
        sb.AppendLine("    param($commandName, $parameterName, $wordToComplete, $commandAst, $fakeBoundParameters)");
        // No cursor is given here: an empty word is one past the command's end, after the words already typed.
        sb.AppendLine("    $cursor = $commandAst.Extent.EndOffset + $(if ($wordToComplete) { 0 } else { 1 })");
        sb.AppendLine("    & $nukeBuildCompleter $wordToComplete $commandAst $cursor");
        sb.AppendLine("}");
        return sb.ToString();
    }
}
