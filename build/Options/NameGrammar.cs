using System.Text.RegularExpressions;

namespace Build.Options;

/// <summary>Names: of docker objects (stages, build contexts, networks, runtimes), variables, registry users and frameworks; Python versions; lists of frameworks and of stages.</summary>
public static partial class NameGrammar
{
    /// <summary>A name docker accepts for a stage, build context, network, runtime or container: letters, digits, '_', '.', '-'.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    public static partial Regex Name();

    /// <summary>A shell variable / build-arg name.</summary>
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    public static partial Regex VariablePattern();

    /// <summary>A registry user name: no whitespace, no ':', not starting with '-' or a quote.</summary>
    [GeneratedRegex(@"^[^\s:'""\-][^\s:]*\z")]
    public static partial Regex UserNamePattern();

    /// <summary>A Python version MAJOR.MINOR (--python-version, frontend.python_version of container/context.yaml).</summary>
    [GeneratedRegex(@"^[0-9]+\.[0-9]+$")]
    public static partial Regex PythonVersionPattern();

    /// <summary>--framework: one framework, a comma-separated list of them (any case), or all.</summary>
    public static IReadOnlyList<Framework> Frameworks(string value)
    {
        if (value.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return Framework.All;
        }

        var list = new List<Framework>();
        foreach (var name in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (name.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var framework = Framework.Find(name)
                ?? throw new UsageException($"--framework '{name}' is not a framework: use vllm, trtllm, sglang, none (any case), a comma-separated list of them, or all.");
            if (!list.Contains(framework))
            {
                list.Add(framework);
            }
        }

        // 'all' in a list is every framework too (vllm,all and all,ALL,none are all of them).
        return value.Split(',', StringSplitOptions.TrimEntries).Any(n => n.Equals("all", StringComparison.OrdinalIgnoreCase)) ? Framework.All : list;
    }

    /// <summary>--matrix-stages: comma-separated stage names BuildImage builds (local-dev is BuildLocalDev's).</summary>
    public static IReadOnlyList<string> MatrixStages(string value)
    {
        var stages = value.Split(',', StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        var bad = stages.FirstOrDefault(s => !Name().IsMatch(s) || s == "local-dev");
        return bad is null
            ? stages
            : throw new UsageException($"--matrix-stages '{value}': '{bad}' is not a stage BuildImage builds (give stage names such as dev,runtime, comma-separated).");
    }
}
