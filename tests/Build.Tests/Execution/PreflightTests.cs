using Build.Tests.Support;

namespace Build.Tests.Execution;

/// <summary>A client without BuildKit is reported with the fix before any build runs.</summary>
[Trait("Category", "Process")]
public sealed class PreflightTests : IClassFixture<WarmHost>
{
    private static Run.Result Host(StubDocker docker, string[] args, bool noBuildx, string? clientVersion, string? buildkit = null)
    {
        var environment = docker.Environment(noBuildx: noBuildx, clientVersion: clientVersion);
        environment["DOCKER_BUILDKIT"] = buildkit;
        return Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), args, RepoPaths.Root, environment);
    }

    [Fact]
    public void A_current_client_without_buildx_is_refused_with_the_fix()
    {
        using var docker = new StubDocker();
        var result = Host(docker, ["--framework", "none"], noBuildx: true, clientVersion: "28.2.2");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("BuildKit is missing", result.Error, StringComparison.Ordinal);
        Assert.Contains("--docker-path", result.Error, StringComparison.Ordinal);
        Assert.Empty(docker.Builds);
    }

    [Fact]
    public void An_old_client_without_buildx_needs_DOCKER_BUILDKIT()
    {
        using var docker = new StubDocker();
        var result = Host(docker, ["--framework", "none"], noBuildx: true, clientVersion: "20.10.24");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("export DOCKER_BUILDKIT=1", result.Error, StringComparison.Ordinal);
        Assert.Empty(docker.Builds);
    }

    [Fact]
    public void An_old_client_with_DOCKER_BUILDKIT_builds_but_not_named_contexts()
    {
        using var docker = new StubDocker();
        Assert.Equal(0, Host(docker, ["--framework", "none"], noBuildx: true, clientVersion: "20.10.24", buildkit: "1").ExitCode);
        Assert.Single(docker.Builds);

        using var docker2 = new StubDocker();
        var trtllm = Host(docker2, ["--framework", "trtllm"], noBuildx: true, clientVersion: "20.10.24", buildkit: "1");
        Assert.NotEqual(0, trtllm.ExitCode);
        Assert.Contains("--build-context", trtllm.Error, StringComparison.Ordinal);
        Assert.Empty(docker2.Builds);
    }

    [Fact]
    public void Exclusive_stage_without_its_base_image_is_refused_before_building()
    {
        using var docker = new StubDocker();
        var environment = docker.Environment();
        environment["STUB_NO_IMAGES"] = "1";
        var result = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), ["--target", "BuildRuntime", "--exclusive"], RepoPaths.Root, environment);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("needs the image dynamo-base:", result.Error, StringComparison.Ordinal);
        Assert.Empty(docker.Builds);
    }
}
