using System.Text.RegularExpressions;
using Build.Context;
using Build.Tests.Support;

namespace Build.Tests.Context;

/// <summary>container/context.yaml is the one source of defaults: every Dockerfile ARG bound to a key defaults to its value.</summary>
public sealed partial class DockerfileDefaultsTests
{
    /// <summary>Every <c>ARG NAME=default</c> line of a Dockerfile, as (name, default, line).</summary>
    internal static List<(string Name, string Default, int Line)> ArgDefaults(string file) =>
        File.ReadAllLines(Path.Combine(RepoPaths.Container, file))
            .Select((text, i) => (Match: ArgLine().Match(text), Line: i + 1))
            .Where(m => m.Match.Success && m.Match.Groups[2].Success)
            .Select(m => (m.Match.Groups[1].Value, m.Match.Groups[2].Value, m.Line))
            .ToList();

    internal static HashSet<string> DeclaredArgs(string file) =>
        File.ReadAllLines(Path.Combine(RepoPaths.Container, file))
            .Select(text => ArgLine().Match(text)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();

    public static TheoryData<string> Dockerfiles() => [.. DockerfileArgs.All(TestHost.DefaultContext).Keys];

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Every_bound_arg_defaults_to_the_context_value(string dockerfile)
    {
        var context = TestHost.DefaultContext;
        var defaults = ArgDefaults(dockerfile);
        foreach (var binding in DockerfileArgs.All(context)[dockerfile])
        {
            var lines = defaults.Where(d => d.Name == binding.Arg).ToList();
            Assert.True(lines.Count > 0, $"container/{dockerfile} has no 'ARG {binding.Arg}=...' line, but the context binds it to {binding.Key}");
            foreach (var (name, value, line) in lines)
            {
                Assert.True(value == context[binding.Key],
                    $"container/{dockerfile}:{line}: ARG {name}={value}, but {binding.Key} in container/context.yaml is '{context[binding.Key]}'");
            }
        }
    }

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
    public void A_disagreeing_default_is_found()
    {
        // The check above reads the real files; the same comparison on a file with the old NIXL_REF must fail.
        var file = Path.Combine(RepoPaths.Container, "Dockerfile.vllm");
        var text = File.ReadAllText(file).Replace("ARG NIXL_REF=0.5.1", "ARG NIXL_REF=0.7.0", StringComparison.Ordinal);
        var disagreeing = text.Split('\n').Select(l => ArgLine().Match(l))
            .Where(m => m.Success && m.Groups[1].Value == "NIXL_REF" && m.Groups[2].Value != TestHost.DefaultContext["nixl.ref"]);
        Assert.NotEmpty(disagreeing);
    }

    [GeneratedRegex(@"^ARG ([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$")]
    private static partial Regex ArgLine();
}
