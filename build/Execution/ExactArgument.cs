using System.Text;

namespace Build.Execution;

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
