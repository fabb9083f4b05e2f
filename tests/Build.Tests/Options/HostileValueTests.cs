using Build.Facts;
using Build.Frosting;
using Build.Options;
using Build.Tests.RunContainerSupport;
using Build.Tests.Support;

namespace Build.Tests.Options;

/// <summary>
/// Every declared option that takes a value (the build context's and the host's), fed hostile values through the
/// host in-process (parse, facts, plan, exit-code policy): exactly one ERROR line and exit 2, never a crash; or
/// success, and then the value reaches docker's argv verbatim. Driven by the declarations, so new options are covered.
/// Which values each option accepts is pinned in HostileValueTests.accepted.txt: a loosened (or tightened) check
/// fails here until that file says so.
/// </summary>
public sealed class HostileValueTests
{
    public static readonly string[] Hostile =
    [
        "", " ", "\t", "a\nb", "a\rb", "\u0007", "\u001b[31m", new string('a', 5000), "-x", "--", "=", "==", "a=b",
        ";", "a;rm -rf /", "a|b", "a&b", "$(id)", "`id`", "'", "\"", "a b", "é", "日本", "\u202e", "..", "../..", "/", "./x",
    ];

    /// <summary>Options whose value is read by the host itself and never reaches docker's argv as given.</summary>
    private static readonly HashSet<string> NotInArgv =
    [
        "--plan-json", "--report-json", "--bake-file", "--context", "--docker-path", "--repo-root", "--working", "--verbosity", "--target", "--framework",
        "--registry-password-env", "--hf-home", "--tensorrtllm-pip-wheel-dir", "--gaie-dir", "--gaie-git", "--epp-patches",
        "--dynamo-capi-lib", "--dynamo-capi-include", "--matrix-stages", "--registry", "--publish-image", "--gpus",

        // Used only when the wheel is built from a commit (not in the pip-wheel plan these cases make).
        "--tensorrtllm-git-url",
    ];

    public static TheoryData<string> ValueOptions()
    {
        var data = new TheoryData<string>();
        foreach (var spec in BuildContext.OptionSpecs.Concat(HostOptions.Specs).Where(s => s.Arity == OptionArity.Value))
        {
            data.Add(spec.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValueOptions))]
    public void Each_hostile_value_is_one_error_line_and_exit_2_or_reaches_argv(string option)
    {
        var spec = BuildContext.OptionSpecs.Concat(HostOptions.Specs).Single(s => s.Name == option);
        var accepted = new List<string>();
        foreach (var value in Hostile)
        {
            var args = new List<string>(ContextFor(spec)) { $"{option}={value}", "--dry-run" };
            var error = new StringWriter();
            BuildContext? context = null;
            int code;
            try
            {
                context = Host().CreateContext(args);
                code = 0;
            }
            catch (Exception e)
            {
                code = ExitCodePolicy.For(e, error);
                Assert.True(e is UsageException || FindUsage(e), $"{option}={Show(value)}: not a usage error but {e.GetType().Name}: {e.Message}");
            }

            var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (code == 0)
            {
                accepted.Add(Show(value));
                Assert.Empty(lines);
                if (!NotInArgv.Contains(option) && value.Trim().Length > 0)
                {
                    var argv = context!.Plan.Steps.SelectMany(s => s.Command.ToArguments()).Select(a => a.Value).ToList();
                    Assert.True(argv.Any(a => a.Contains(value, StringComparison.Ordinal)), $"{option}={Show(value)} was accepted but is not in any docker argv: {string.Join(" ", argv)}");
                }

                continue;
            }

            Assert.True(code == 2, $"{option}={Show(value)}: exit {code}, {error}");
            var line = Assert.Single(lines);
            Assert.StartsWith("ERROR: ", line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        }

        var actual = $"{option} {string.Join(' ', accepted)}".TrimEnd();
        var pinned = File.ReadAllLines(AcceptedFile).FirstOrDefault(l => l == option || l.StartsWith(option + " ", StringComparison.Ordinal));
        Assert.True(pinned == actual, $"{option} accepts other hostile values than tests/Build.Tests/Options/HostileValueTests.accepted.txt says:\n  file:   {pinned ?? "(no line)"}\n  actual: {actual}");
    }

    /// <summary>Per option (one line each): the option, then the hostile values it accepts (as JSON strings; lengths for long ones).</summary>
    private static readonly string AcceptedFile = Path.Combine(RepoPaths.Root, "tests", "Build.Tests", "Options", "HostileValueTests.accepted.txt");

    [Fact]
    public void The_hostile_set_covers_every_value_option_the_host_declares()
    {
        // A new option is in ValueOptions by its declaration alone; a spot check that the table is not empty or partial.
        var names = BuildContext.OptionSpecs.Concat(HostOptions.Specs).Where(s => s.Arity == OptionArity.Value).Select(s => s.Name).ToList();
        Assert.Equal(names.Count, ValueOptions().Count);
        Assert.Contains("--plan-json", names);
        Assert.Contains("--volume", names);
        Assert.Contains("--registry", names);
        Assert.Contains("--target", names);
    }

    private static bool FindUsage(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is UsageException || (e is AggregateException a && a.InnerExceptions.Any(FindUsage)))
            {
                return true;
            }
        }

        return false;
    }

    private static string Show(string value) => value.Length > 40 ? $"<{value.Length} chars>" : System.Text.Json.JsonSerializer.Serialize(value);

    /// <summary>The tasks (and companions) that put the option in scope, so a valid value gets as far as the plan.</summary>
    private static IEnumerable<string> ContextFor(OptionSpec spec)
    {
        string[] repo = ["--repo-root", RepoPaths.Root];
        if (spec.Scope.HasFlag(OptionScope.RunContainer))
        {
            return [.. repo, "--target", "RunContainer"];
        }

        if (spec.Scope.HasFlag(OptionScope.LocalDev))
        {
            return [.. repo, "--target", "BuildLocalDev"];
        }

        if (spec.Scope.HasFlag(OptionScope.Trtllm))
        {
            return [.. repo, "--target", "BuildImage", "--framework", "trtllm"];
        }

        if (spec.Scope.HasFlag(OptionScope.Publish))
        {
            return [.. repo, "--target", "Publish", "--registry", "localhost:5000/t", "--publish-image", "x/y:z", "--allow-dirty", "--allow-untagged"];
        }

        if (spec.Scope.HasFlag(OptionScope.CiMatrix))
        {
            return [.. repo, "--target", "CiMatrix"];
        }

        if (spec.Scope.HasFlag(OptionScope.BuildFrontend))
        {
            return [.. repo, "--target", "BuildFrontend", "--epp-image", "e/p:p"];
        }

        if (spec.Scope.HasFlag(OptionScope.BuildEpp))
        {
            return [.. repo, "--target", "BuildEpp"];
        }

        if (spec.Name is "--sccache-bucket" or "--sccache-region")
        {
            return [.. repo, "--use-sccache", "--sccache-bucket", "b", "--sccache-region", "us-west-2"];
        }

        return spec.Name == "--repo-root" ? [] : repo;
    }

    private static CakeHost<BuildContext> Host() =>
        BuildHost.Create(run => BuildSetup.Create(
            run,
            (options, _) => TestHost.ReferenceFacts() with { RepoRoot = options.RepoRoot is { } root ? RepositoryRoot.Find(root, RepoPaths.Root) : RepoPaths.Root },
            (_, _) => RunTestHost.Facts()));
}
