using System.Text;
using System.Text.RegularExpressions;
using Build.Docker;

namespace Build.Execution;

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

    public static string CommandLine(string executable, IEnumerable<DockerArgument> arguments) =>
        string.Join(' ', new[] { Quote(executable) }.Concat(arguments.Select(a => Quote(a.Value))));

    [GeneratedRegex("^[A-Za-z0-9_@%+=:,./-]+$")]
    private static partial Regex SafeWord();
}

/// <summary>
/// Cake hands a process one argument string, which .NET splits with the Windows command-line rules on every
/// platform; this argument renders itself so that the split gives back exactly its value (no word splitting).
/// </summary>
public sealed class ExactArgument(string value) : Cake.Core.IO.IProcessArgument
{
    public string Render()
    {
        if (value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || c == '"'))
        {
            return value;
        }

        var builder = new StringBuilder("\"");
        var backslashes = 0;
        foreach (var c in value)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            if (c == '"')
            {
                builder.Append('\\', (backslashes * 2) + 1).Append('"');
            }
            else
            {
                builder.Append('\\', backslashes).Append(c);
            }

            backslashes = 0;
        }

        return builder.Append('\\', backslashes * 2).Append('"').ToString();
    }

    public string RenderSafe() => Render();

    public override string ToString() => Render();
}
