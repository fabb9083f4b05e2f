using Build.FrontDoor;
using Build.Tests.Support;

namespace Build.Tests.FrontDoor;

/// <summary>Errors found by the host after a front door translated the command line name the option the user typed.</summary>
public sealed class FrontDoorErrorWordingTests
{
    [Theory]
    [InlineData("--stage 'bad stage' is not a stage name", "--target 'bad stage' is not a stage name")]
    [InlineData("--stage-x and --stages stay", "--stage-x and --stages stay")]
    public void The_hosts_stage_is_the_front_doors_target(string host, string frontDoor) =>
        Assert.Equal(frontDoor, SeedBuildArguments.InFrontDoorTerms(host));

    [Fact]
    [Trait("Category", "Process")]
    public void Through_build_sh_a_bad_stage_names_target()
    {
        using var docker = new StubDocker();
        var result = Run.Process(Path.Combine(RepoPaths.Container, "build.sh"), ["--target", "bad stage", "--dry-run"], RepoPaths.Container, docker.Environment());
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("ERROR: --target 'bad stage' is not a stage name", result.Error.Trim(), StringComparison.Ordinal);
        Assert.Empty(docker.Calls);
    }
}
