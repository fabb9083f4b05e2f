using System.Text.RegularExpressions;

namespace Build.CommandLine;

/// <summary>Renders argv as one line of POSIX shell that a person can paste: each word is exactly one argument.</summary>
public static partial class ShellQuoting
{
    public static string Quote(string word)
    {
        if (word.Length > 0 && SafeWord().IsMatch(word))
        {
            return word;
        }

        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    public static string CommandLine(string executable, IEnumerable<CommandArgument> arguments) =>
        string.Join(' ', new[] { Quote(executable) }.Concat(arguments.Select(a => Quote(a.Value))));

    [GeneratedRegex("^[A-Za-z0-9_@%+=:,./-]+$")]
    private static partial Regex SafeWord();
}
