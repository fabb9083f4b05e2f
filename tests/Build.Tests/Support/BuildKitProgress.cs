using System.Text.RegularExpressions;

namespace Build.Tests.Support;

/// <summary>
/// The steps of BuildKit's plain progress output (what docker build prints when its output is not a terminal):
/// "#N [stage i/n] INSTRUCTION" opens step N, "#N CACHED" marks it taken from the cache, "#N DONE" marks it run.
/// Step numbers restart with each build ("#0 building with …"), so the output is cut into builds first.
/// </summary>
public static partial class BuildKitProgress
{
    public sealed record Step(int Build, string Name, bool Cached);

    /// <summary>Every Dockerfile instruction step of every build (not BuildKit's internal loading steps, not FROM).</summary>
    public static IReadOnlyList<Step> Steps(string output)
    {
        var steps = new List<Step>();
        var build = 0;
        var names = new Dictionary<string, string>();
        var cached = new HashSet<string>();
        void Flush()
        {
            steps.AddRange(names.Select(n => new Step(build, n.Value, cached.Contains(n.Key))));
            names.Clear();
            cached.Clear();
        }

        foreach (var line in output.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (BuildStart().IsMatch(line))
            {
                Flush();
                build++;
                continue;
            }

            var header = Header().Match(line);
            if (header.Success && !header.Groups["stage"].Value.StartsWith("internal", StringComparison.Ordinal)
                && !header.Groups["stage"].Value.StartsWith("auth", StringComparison.Ordinal)
                && !header.Groups["what"].Value.StartsWith("FROM ", StringComparison.Ordinal))
            {
                names.TryAdd(header.Groups["n"].Value, $"[{header.Groups["stage"].Value}] {header.Groups["what"].Value}");
                continue;
            }

            var state = Cached().Match(line);
            if (state.Success)
            {
                cached.Add(state.Groups["n"].Value);
            }
        }

        Flush();
        return steps;
    }

    [GeneratedRegex(@"^#0 building with ")]
    private static partial Regex BuildStart();

    [GeneratedRegex(@"^#(?<n>\d+) \[(?<stage>[^\]]+)\] (?<what>.*)$")]
    private static partial Regex Header();

    [GeneratedRegex(@"^#(?<n>\d+) CACHED$")]
    private static partial Regex Cached();
}
