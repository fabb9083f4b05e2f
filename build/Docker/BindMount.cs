namespace Build.Docker;

/// <summary>
/// A bind mount of a host path for <c>docker run</c>: the short form -v SOURCE:TARGET[:MODE] (run.sh's, docs/decisions.md
/// §1.6), or, for a host path the short form cannot hold (docker splits -v at each ':'), the long form
/// --mount type=bind,source=SOURCE,target=TARGET[,readonly] (docker's CSV fields, quoted where a path needs it).
/// </summary>
public static class BindMount
{
    /// <summary>True when -v would split the host path: it holds a ':'.</summary>
    public static bool NeedsLongForm(string source) => source.Contains(':', StringComparison.Ordinal);

    /// <summary>The --mount value, or null when <paramref name="mode"/> has an option the long form has no field for (only ro and rw do).</summary>
    public static string? LongForm(string source, string target, string? mode)
    {
        var options = mode?.Split(',') ?? [];
        if (options.Any(o => o is not ("ro" or "rw")))
        {
            return null;
        }

        var fields = new List<string> { "type=bind", Field($"source={source}"), Field($"target={target}") };
        if (options.Contains("ro") && !options.Contains("rw"))
        {
            fields.Add("readonly");
        }

        return string.Join(',', fields);
    }

    /// <summary>One CSV field: quoted when it holds a ',' or '"' (a '"' doubled), as docker's --mount parser reads it.</summary>
    private static string Field(string text) =>
        text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal)
            ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : text;
}
