using Build.Execution;
using Build.Frosting;
using Build.Options;
using Build.Tests.Support;

namespace Build.Tests.Frosting;

/// <summary>The host's pieces: the working directory is the host's own, options are read typed only, exit codes by class.</summary>
public sealed class HostPartsTests
{
    [Fact]
    public void Working_sets_the_hosts_directory_without_changing_the_process_one()
    {
        var before = Directory.GetCurrentDirectory();
        var work = Directory.CreateTempSubdirectory("working-").FullName;
        try
        {
            var context = TestHost.Context(["--working", work, "--plan-json", "plan.json", "--dry-run"]);
            Assert.Equal(before, Directory.GetCurrentDirectory());
            Assert.Equal(work, context.Environment.WorkingDirectory.FullPath);
            Assert.Equal(Path.Combine(work, "plan.json"), context.Options.PlanJson);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void Options_are_not_copied_into_cakes_untyped_arguments()
    {
        var context = TestHost.Context(["--platform", "linux/arm64", "--no-cache", "--dry-run"]);
        Assert.Equal("linux/arm64", context.Options.Platform);
        Assert.False(context.Arguments.HasArgument("platform"));
        Assert.False(context.Arguments.HasArgument("no-cache"));
    }

    [Fact]
    public void Exit_codes_follow_the_class_of_failure()
    {
        var error = new StringWriter();
        Assert.Equal(2, ExitCodePolicy.For(new AggregateException(new UsageException("--stage 'x' is bad.")), error, m => m.Replace("--stage", "--target", StringComparison.Ordinal)));
        Assert.Equal(17, ExitCodePolicy.For(new AggregateException(new ToolFailedException("docker build failed", 17)), error));
        Assert.Equal(1, ExitCodePolicy.For(new InvalidOperationException("boom"), error));
        Assert.Equal(["ERROR: --target 'x' is bad.", "ERROR: docker build failed", "ERROR: boom"], error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Unknown_targets_are_refused_and_known_ones_keep_the_catalogs_spelling()
    {
        var catalog = new TaskCatalog<BuildContext>();
        catalog.AddAssembly(typeof(BuildContext).Assembly);
        Assert.Equal(["BuildRuntime"], catalog.Resolve(["buildruntime"]));
        var error = Assert.Throws<UsageException>(() => catalog.Resolve(["Nope"]));
        Assert.StartsWith("--target 'Nope' is not a task; tasks: ", error.Message, StringComparison.Ordinal);
    }
}
