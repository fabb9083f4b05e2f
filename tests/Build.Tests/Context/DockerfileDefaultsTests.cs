using System.Text.RegularExpressions;
using Build.Context;
using Build.Tests.Support;

namespace Build.Tests.Context;

/// <summary>container/context.yaml is the one source of defaults: every Dockerfile ARG bound to a key defaults to its value.</summary>
public sealed partial class DockerfileDefaultsTests
{
    /// <summary>Every <c>ARG NAME=default</c> line of a Dockerfile's text, as (name, default, line).</summary>
    internal static List<(string Name, string Default, int Line)> ArgDefaults(IEnumerable<string> lines) =>
        lines.Select((text, i) => (Match: ArgLine().Match(text), Line: i + 1))
            .Where(m => m.Match.Success && m.Match.Groups[2].Success)
            .Select(m => (m.Match.Groups[1].Value, m.Match.Groups[2].Value, m.Line))
            .ToList();

    /// <summary>
    /// The check: for a Dockerfile's text, each ARG the context binds that has no default line, or a default other
    /// than the context's value, as one message. The theory runs it on the real files, the negative test on a changed copy.
    /// </summary>
    internal static List<string> Disagreements(string dockerfile, IEnumerable<string> lines, ContainerContext context)
    {
        var defaults = ArgDefaults(lines);
        var found = new List<string>();
        foreach (var binding in DockerfileArgs.All(context)[dockerfile])
        {
            var bound = defaults.Where(d => d.Name == binding.Arg).ToList();
            if (bound.Count == 0)
            {
                found.Add($"container/{dockerfile} has no 'ARG {binding.Arg}=...' line, but the context binds it to {binding.Key}");
            }

            found.AddRange(bound.Where(d => d.Default != context[binding.Key])
                .Select(d => $"container/{dockerfile}:{d.Line}: ARG {d.Name}={d.Default}, but {binding.Key} in container/context.yaml is '{context[binding.Key]}'"));
        }

        return found;
    }

    internal static HashSet<string> DeclaredArgs(string file) =>
        File.ReadAllLines(Path.Combine(RepoPaths.Container, file))
            .Select(text => ArgLine().Match(text)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();

    public static TheoryData<string> Dockerfiles() => [.. DockerfileArgs.All(TestHost.DefaultContext).Keys];

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Every_bound_arg_defaults_to_the_context_value(string dockerfile) =>
        Assert.Empty(Disagreements(dockerfile, File.ReadAllLines(Path.Combine(RepoPaths.Container, dockerfile)), TestHost.DefaultContext));

    [Fact]
    public void The_table_covers_every_dockerfile_that_has_versions_or_images()
    {
        var bound = DockerfileArgs.All(TestHost.DefaultContext).Keys.ToHashSet();
        var files = Directory.EnumerateFiles(RepoPaths.Container, "Dockerfile*").Select(Path.GetFileName)
            .Where(f => !f!.EndsWith(".dockerignore", StringComparison.Ordinal)).ToList();

        // Dockerfile.local_dev's ARGs are the suite's own (DEV_BASE, USER_UID...): nothing of the context.
        Assert.Equal(files.Where(f => f != "Dockerfile.local_dev").Order(), bound.Order());
    }

    [Fact]
    public void A_disagreeing_or_missing_default_is_found()
    {
        // The same check as the theory, on Dockerfile.vllm with the old NIXL_REF, and without its NIXL_REF line.
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Container, "Dockerfile.vllm"));
        var nixl = TestHost.DefaultContext["nixl.ref"];
        var numbers = lines.Select((l, i) => (l, i + 1)).Where(x => x.l.StartsWith("ARG NIXL_REF=", StringComparison.Ordinal)).Select(x => x.Item2).ToList();
        Assert.NotEmpty(numbers);

        var old = lines.Select(l => l.StartsWith("ARG NIXL_REF=", StringComparison.Ordinal) ? "ARG NIXL_REF=0.0.1-old" : l);
        Assert.Equal(numbers.Select(n => $"container/Dockerfile.vllm:{n}: ARG NIXL_REF=0.0.1-old, but nixl.ref in container/context.yaml is '{nixl}'"),
            Disagreements("Dockerfile.vllm", old, TestHost.DefaultContext));

        var missing = lines.Where(l => !l.StartsWith("ARG NIXL_REF=", StringComparison.Ordinal));
        Assert.Contains("container/Dockerfile.vllm has no 'ARG NIXL_REF=...' line, but the context binds it to nixl.ref", Disagreements("Dockerfile.vllm", missing, TestHost.DefaultContext));
    }

    [GeneratedRegex(@"^ARG ([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$")]
    private static partial Regex ArgLine();
}
