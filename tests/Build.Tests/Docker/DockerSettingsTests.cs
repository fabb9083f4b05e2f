using Build.Docker;

namespace Build.Tests.Docker;

/// <summary>Golden argv for every docker command the build side runs: each flag mapped in one place.</summary>
public sealed class DockerSettingsTests
{
    private static string[] Argv(DockerCommand command) => command.ToArguments().Select(a => a.Value).ToArray();

    [Fact]
    public void Build_maps_every_flag_in_a_fixed_order()
    {
        var build = new DockerBuildSettings
        {
            File = "/repo/container/Dockerfile.vllm",
            ContextPath = "/repo",
            Target = "runtime",
            Platform = "linux/arm64",
            Network = "host",
            BuildArgs = [new("A", "1"), new("B", "two words")],
            Secrets = ["id=HF_TOKEN,env=HF_TOKEN"],
            CacheFrom = ["type=registry,ref=r/c"],
            CacheTo = ["type=inline"],
            Tags = ["dynamo:v1-vllm-runtime", "dynamo:latest-vllm-runtime"],
            BuildContexts = [new("trtllm_wheel", "/tmp/dummy_dir")],
            Labels = [new("org.opencontainers.image.version", "v1")],
            NoCache = true,
        };

        Assert.Equal(
            [
                "build", "-f", "/repo/container/Dockerfile.vllm", "--target", "runtime", "--platform", "linux/arm64", "--network", "host",
                "--build-arg", "A=1", "--build-arg", "B=two words", "--secret", "id=HF_TOKEN,env=HF_TOKEN",
                "--cache-from", "type=registry,ref=r/c", "--cache-to", "type=inline",
                "--tag", "dynamo:v1-vllm-runtime", "--tag", "dynamo:latest-vllm-runtime",
                "--build-context", "trtllm_wheel=/tmp/dummy_dir", "--label", "org.opencontainers.image.version=v1",
                "--no-cache", "/repo",
            ],
            Argv(build));
        Assert.Equal(["id=HF_TOKEN,env=HF_TOKEN"], build.ToArguments().Where(a => a.IsSecret).Select(a => a.Value));
    }

    [Fact]
    public void Build_with_a_named_builder_uses_buildx_and_loads_the_image()
    {
        var build = new DockerBuildSettings { File = "Dockerfile", ContextPath = ".", Builder = "remote" };
        Assert.Equal(["buildx", "build", "--builder", "remote", "--load", "-f", "Dockerfile", "."], Argv(build));
    }

    [Fact]
    public void Minimal_build_has_only_file_and_context() =>
        Assert.Equal(["build", "-f", "Dockerfile", "."], Argv(new DockerBuildSettings { File = "Dockerfile", ContextPath = "." }));

    [Fact]
    public void Tag() => Assert.Equal(["tag", "a:1", "b:2"], Argv(new DockerTagSettings("a:1", "b:2")));

    [Fact]
    public void Image_remove() => Assert.Equal(["image", "rm", "a:1"], Argv(new DockerImageRemoveSettings("a:1")));

    [Fact]
    public void Image_inspect() =>
        Assert.Equal(["image", "inspect", "--format", "{{.Id}}", "a:1", "b:2"], Argv(new DockerImageInspectSettings(["a:1", "b:2"], "{{.Id}}")));

    [Fact]
    public void Version_info_and_buildx_version()
    {
        Assert.Equal(["version", "--format", "{{.Server.Version}}"], Argv(new DockerVersionSettings("{{.Server.Version}}")));
        Assert.Equal(["info"], Argv(new DockerInfoSettings()));
        Assert.Equal(["buildx", "version"], Argv(new DockerBuildxVersionSettings()));
    }
}
