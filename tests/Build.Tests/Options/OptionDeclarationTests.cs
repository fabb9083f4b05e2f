using System.Text.RegularExpressions;
using Build.Context;
using Build.Frosting;
using Build.Options;
using Build.Tests.Support;

namespace Build.Tests.Options;

/// <summary>Each option is declared once ([Option] on its property) and the parser, the scopes and the help all follow the declarations.</summary>
[Trait("Category", "Process")]
public sealed class OptionDeclarationTests : IClassFixture<WarmHost>
{
    private static readonly IReadOnlyList<OptionSpec> Declared = BuildContext.OptionSpecs;

    [Fact]
    public void Every_declared_option_has_help_and_a_value_placeholder_when_it_takes_a_value()
    {
        // Every [Option] written in build/Options/ is one spec, under its own name.
        var written = Directory.GetFiles(Path.Combine(RepoPaths.Root, "build", "Options"), "*.cs")
            .Sum(f => Regex.Matches(File.ReadAllText(f), @"\[(property: )?Option\(""--").Count);
        Assert.Equal(written, Declared.Count);
        Assert.Equal(Declared.Count, Declared.SelectMany(s => s.AllNames).Distinct(StringComparer.Ordinal).Count() - Declared.Sum(s => s.Aliases?.Count ?? 0));
        foreach (var spec in Declared)
        {
            Assert.False(string.IsNullOrWhiteSpace(spec.Help), spec.Name);
            Assert.StartsWith("--", spec.Name, StringComparison.Ordinal);
            Assert.True(spec.Arity == OptionArity.Flag || spec.ValueName is not null, $"{spec.Name} takes a value but names none");
        }
    }

    /// <summary>The README documents every declared option by its name (a new option without a line there fails here).</summary>
    [Fact]
    public void The_readme_documents_every_declared_option()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var undocumented = Declared.Select(s => s.Name).Where(name => !readme.Contains($"`{name}", StringComparison.Ordinal)).ToList();
        Assert.True(undocumented.Count == 0, "not in README.md: " + string.Join(", ", undocumented));
    }

    /// <summary>Only these options mean something to every task; every other option names the tasks that use it.</summary>
    [Fact]
    public void Only_the_run_wide_options_are_accepted_everywhere()
    {
        var everywhere = Declared.Where(s => s.Scope == OptionScope.Everywhere).Select(s => s.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["--docker-path", "--dry-run", "--framework", "--plan-json", "--repo-root"], everywhere);
    }

    [Fact]
    public void Each_scope_is_the_one_the_options_task_needs()
    {
        OptionScope ScopeOf(string name) => Declared.Single(s => s.Name == name).Scope;
        Assert.Equal(OptionScope.ImageBuild, ScopeOf("--platform"));
        Assert.Equal(OptionScope.Stage | OptionScope.RunContainer, ScopeOf("--stage"));
        Assert.Equal(OptionScope.LocalDev, ScopeOf("--uid"));
        Assert.Equal(OptionScope.Trtllm, ScopeOf("--tensorrtllm-commit"));
        Assert.Equal(OptionScope.BuildEpp, ScopeOf("--gaie-dir"));
        Assert.Equal(OptionScope.BuildFrontend, ScopeOf("--epp-image"));
        Assert.Equal(OptionScope.Publish | OptionScope.MergeManifests, ScopeOf("--registry"));
        Assert.Equal(OptionScope.Publish, ScopeOf("--push-by-digest"));
        Assert.Equal(OptionScope.MergeManifests, ScopeOf("--digests-from"));
        Assert.Equal(OptionScope.ImageBuild, ScopeOf("--cache-registry"));
        Assert.Equal(OptionScope.ImageBuild, ScopeOf("--sbom"));
        Assert.Equal(OptionScope.CiMatrix, ScopeOf("--matrix-stages"));
        Assert.Equal(OptionScope.RunContainer, ScopeOf("--gpus"));
    }

    /// <summary>An option the run's tasks do not use: one line naming it (the host prints it as ERROR: ..., exit 2).</summary>
    public static TheoryData<string[], string> OutOfScope => new()
    {
        { ["--target", "CiMatrix", "--no-cache"], "--no-cache is a build option, but this run builds no image: drop it, or add a build task with --target." },
        { ["--target", "Publish", "--publish-image", "x:1", "--registry", "localhost:5000", "--platform", "linux/arm64"], "--platform is a build option, but this run builds no image" },
        { ["--target", "BuildRuntime", "--matrix-stages", "dev"], "--matrix-stages is only used by --target CiMatrix." },
        { ["--target", "BuildRuntime", "--allow-dirty"], "--allow-dirty is only used by --target Publish." },
        { ["--target", "BuildRuntime", "--python-version", "3.11"], "--python-version is only used by --target BuildFrontend." },
        { ["--target", "BuildRuntime", "--gpus", "all"], "--gpus is a RunContainer option: use --target RunContainer." },
        { ["--target", "RunContainer", "--tensorrtllm-commit", "abc", "--framework", "trtllm"], "--tensorrtllm-commit is a build option, but this run builds no image" },
        { ["--framework", "sglang", "--trtllm-use-nixl-kvcache-experimental"], "--trtllm-use-nixl-kvcache-experimental only applies to --framework trtllm (framework is sglang)." },
        { ["--target", "CiMatrix", "--stage", "dev"], "--stage picks the stage of BuildImage" },
        { ["--target", "BuildRuntime", "--gid", "5"], "--gid can only be used when a local-dev image is built" },
        { ["--target", "BuildImage", "--uid", "5"], "--uid can only be used when a local-dev image is built (--target BuildLocalDev or --dev-image)." },
        { ["--target", "BuildRuntime", "--dev-image", "dynamo:latest-vllm"], "--dev-image builds a local-dev image: use it with --target BuildLocalDev." },
        { ["--target", "BuildDevImage", "--stage", "dev"], "--stage picks the stage of BuildImage (the default task) or of RunContainer's default image; the other tasks build a fixed stage." },
    };

    [Theory]
    [MemberData(nameof(OutOfScope))]
    public void An_option_outside_its_scope_is_refused_naming_it(string[] args, string expected)
    {
        var error = Assert.Throws<UsageException>(() => TestHost.Context([.. args, "--dry-run"]));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("--target", "CiMatrix", "--framework", "all", "--matrix-stages", "dev,runtime")]
    [InlineData("--target", "BuildLocalDev", "--uid", "1001", "--platform", "linux/arm64")]
    [InlineData("--target", "BuildRuntime", "--framework", "trtllm", "--tensorrtllm-pip-wheel", "tensorrt-llm==1.0")]
    [InlineData("--target", "RunContainer", "--stage", "runtime", "--gpus", "none")]
    [InlineData("--target", "RunContainer", "--target", "BuildRuntime", "--no-cache", "--gpus", "none")]
    public void An_option_inside_its_scope_is_accepted(params string[] args)
    {
        var context = TestHost.Context([.. args, "--dry-run"]);
        Assert.True(context.Options.DryRun);
    }

    [Fact]
    public void Through_the_host_an_out_of_scope_option_is_exit_2_with_one_error_line_and_no_docker_call()
    {
        using var docker = new StubDocker();
        var result = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), ["--target", "CiMatrix", "--no-cache"], RepoPaths.Root, docker.Environment());
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("ERROR: --no-cache is a build option, but this run builds no image: drop it, or add a build task with --target.", result.Error.Trim());
        Assert.Empty(docker.Calls);
    }

    [Fact]
    public void The_help_lists_each_option_once()
    {
        var help = new StringWriter();
        new HostCommandLine(BuildContext.OptionSpecs).WriteHelp(help, "usage", BuildHost.Create().TaskNames);
        var lines = help.ToString().Split('\n');
        foreach (var spec in HostOptions.Specs.Concat(Declared))
        {
            var listed = lines.Count(l => Regex.IsMatch(l, $"^  {Regex.Escape(spec.Name)}[ ,]"));
            Assert.True(listed == 1, $"{spec.Name} is listed {listed} times");
        }
    }

    [Fact]
    public void A_default_is_the_propertys_initial_value_and_the_last_value_wins()
    {
        var context = TestHost.Context(["--dry-run"]);
        var defaults = context.Options;
        Assert.Equal("linux/amd64", defaults.Platform);

        // Not given: null, and the value of container/context.yaml applies.
        Assert.Null(defaults.Trtllm.WheelDir);
        Assert.Equal("/tmp/trtllm_wheel/", defaults.Trtllm.EffectiveWheelDir(context.Facts.Context.Trtllm));
        Assert.Equal("linux/arm64", TestHost.Context(["--platform", "linux/amd64", "--platform", "linux/arm64", "--dry-run"]).Options.Platform);
        Assert.Equal(["A", "B"], TestHost.Context(["--build-arg", "A=1", "--build-arg", "B=2", "--dry-run"]).Options.BuildArgs.Select(p => p.Key));
    }

    /// <summary>The shared name grammar (stages, contexts, networks, runtimes) is written once, in Grammar.cs.</summary>
    [Fact]
    public void The_name_grammar_is_declared_once()
    {
        var options = Directory.GetFiles(Path.Combine(RepoPaths.Root, "build", "Options"), "*.cs");
        var declarations = options.Sum(f => Regex.Matches(File.ReadAllText(f), Regex.Escape("[A-Za-z0-9][A-Za-z0-9_.-]*$")).Count);
        Assert.Equal(1, declarations);
    }

    /// <summary>Options sit below planning and the host, and parsing reads nothing from the machine.</summary>
    [Fact]
    public void Option_parsing_does_no_io_and_does_not_know_the_host()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "build", "Options"), "*.cs"))
        {
            var text = File.ReadAllText(file);
            foreach (var forbidden in new[] { @"\bBuildContext\b", @"\bBuild\.(Frosting|Tasks|Execution)\b", @"\b(File|Directory|Environment|Path|Process)\.[A-Z]" })
            {
                Assert.False(Regex.IsMatch(text, forbidden), $"{Path.GetFileName(file)} matches {forbidden}");
            }
        }
    }
}
