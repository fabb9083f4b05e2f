using Build.Docker;
using Build.Tests.RunContainerSupport;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.DevContainer;

/// <summary>
/// .devcontainer/devcontainer.json runs the local-dev image (docs/decisions.md §1.8; user dynamo with the host user's UID, workspace at
/// /workspace) with the container set-up RunContainer gives
/// <c>run.sh --image dynamo:latest-vllm-local-dev --mount-workspace --gpus all</c>, made to start on any engine:
/// GPUs optional, only the limits engines with lower hard limits accept, host networking and no UID-update image
/// build (both would need a bridge network). .devcontainer/gpu is the same with GPUs required and all of
/// RunContainer's limits.
/// </summary>
public sealed class DevContainerJsonTests
{
    /// <summary>RunContainer's limits that an engine with lower hard limits refuses (one here allows 8 MiB of locked
    /// memory and 20000 open files): the portable configuration leaves them at the engine's defaults.</summary>
    private static readonly string[] LimitsAboveLowerEngines = ["memlock", "nofile"];

    private static readonly JObject Portable = Load(".devcontainer", "devcontainer.json");

    private static readonly JObject Gpu = Load(".devcontainer", "gpu", "devcontainer.json");

    public static readonly TheoryData<string> Configurations = new() { "portable", "gpu" };

    private static readonly DockerRunSettings Run = (DockerRunSettings)RunTestHost
        .FrontDoor("--image", "dynamo:latest-vllm-local-dev", "--mount-workspace", "--gpus", "all").Plan.Steps.Single().Command;

    [Theory]
    [MemberData(nameof(Configurations))]
    public void It_uses_the_local_dev_image_as_user_dynamo_whose_uid_the_image_already_has(string configuration)
    {
        var json = Config(configuration);
        Assert.Equal(Run.Image, (string?)json["image"]);
        Assert.Equal("dynamo", (string?)json["remoteUser"]);
        // The UID update builds an image, which needs a bridge network; BuildLocalDev already used the host's UID.
        Assert.False((bool?)json["updateRemoteUserUID"]);
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Its_initialize_command_checks_for_its_image_and_names_the_command_that_builds_it(string configuration)
    {
        var json = Config(configuration);
        var image = (string)json["image"]!;
        var command = (string)json["initializeCommand"]!;
        Assert.Contains($"docker image inspect {image} ", command, StringComparison.Ordinal);
        Assert.Contains($"The image {image} is missing: build it first with container/build.sh --framework vllm --target local-dev'", command, StringComparison.Ordinal);
        Assert.Contains("exit 1", command, StringComparison.Ordinal);

        // The command it names builds exactly that image (container/build.sh, from the repository root).
        var plan = TestHost.FrontDoor("--framework", "vllm", "--target", "local-dev").Plan;
        Assert.Contains(image, plan.Steps.SelectMany(s => s.Tags));
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void The_workspace_is_mounted_and_opened_where_RunContainer_mounts_it(string configuration)
    {
        var json = Config(configuration);
        var workspaceTarget = Run.Volumes.Single(v => v.StartsWith("/repo:", StringComparison.Ordinal)).Split(':')[1];
        Assert.Equal(workspaceTarget, MountTarget((string)json["workspaceMount"]!));
        Assert.Equal(Run.Workdir, (string?)json["workspaceFolder"]);
        Assert.StartsWith("source=${localWorkspaceFolder},", (string)json["workspaceMount"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void The_portable_configuration_has_RunContainers_fixed_flags_with_optional_gpus_and_the_limits_every_engine_accepts()
    {
        var runArgs = RunArgs(Portable);

        Assert.Equal("all", Run.Gpus);
        Assert.Equal("optional", (string?)Portable["hostRequirements"]?["gpu"]);
        Assert.Empty(Values(runArgs, "--gpus"));
        AssertFixedFlags(runArgs);
        Assert.Equal(["memlock", "nofile"], Run.Ulimits.Select(LimitName).Where(LimitsAboveLowerEngines.Contains).Order());
        Assert.Equal(Run.Ulimits.Where(u => !LimitsAboveLowerEngines.Contains(LimitName(u))), Values(runArgs, "--ulimit"));
        Assert.Equal(["--cap-add", "--ipc", "--network", "--shm-size", "--ulimit"], runArgs.Select(a => a[0]).Distinct().Order());
    }

    [Fact]
    public void The_gpu_configuration_requires_gpus_and_has_all_of_RunContainers_limits()
    {
        var runArgs = RunArgs(Gpu);

        Assert.True((bool?)Gpu["hostRequirements"]?["gpu"]);
        Assert.Empty(Values(runArgs, "--gpus"));
        AssertFixedFlags(runArgs);
        Assert.Equal(Run.Ulimits, Values(runArgs, "--ulimit"));
    }

    [Fact]
    public void The_gpu_configuration_differs_from_the_portable_one_only_in_gpus_limits_and_name()
    {
        static JObject WithoutDifferences(JObject json)
        {
            var copy = (JObject)json.DeepClone();
            copy.Remove("name");
            copy.Remove("hostRequirements");
            copy["runArgs"] = new JArray(copy["runArgs"]!.Where(t => !((string)t!).StartsWith("--ulimit=", StringComparison.Ordinal)));
            return copy;
        }

        Assert.True(JToken.DeepEquals(WithoutDifferences(Portable), WithoutDifferences(Gpu)), $"{Portable}\n---\n{Gpu}");
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Mounts_are_RunContainers_workspace_mounts_and_the_hf_cache_of_a_non_root_user(string configuration)
    {
        var json = Config(configuration);
        var targets = json["mounts"]!.Select(t => MountTarget((string)t!)).Append(MountTarget((string)json["workspaceMount"]!)).Order();
        Assert.Equal(Run.Volumes.Select(v => v.Split(':')[1]).Order(), targets);
        Assert.Contains(json["mounts"]!, t => ((string)t!).Contains("target=/home/dynamo/.cache/huggingface", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Hf_token_reaches_the_container_by_name_as_with_mount_workspace(string configuration)
    {
        Assert.Contains("HF_TOKEN", Run.Environment);
        Assert.Equal("${localEnv:HF_TOKEN}", (string?)Config(configuration)["remoteEnv"]?["HF_TOKEN"]);
    }

    private static void AssertFixedFlags(List<string[]> runArgs)
    {
        Assert.Equal([Run.Network], Values(runArgs, "--network"));
        Assert.Equal("host", Run.Network);
        Assert.Equal([Run.Ipc!], Values(runArgs, "--ipc"));
        Assert.Equal([Run.ShmSize!], Values(runArgs, "--shm-size"));
        Assert.Equal(Run.CapAdd.Select(NoCapPrefix), Values(runArgs, "--cap-add").Select(NoCapPrefix));
        Assert.False(Run.Privileged);
    }

    private static JObject Config(string configuration) => configuration == "gpu" ? Gpu : Portable;

    private static JObject Load(params string[] path) =>
        JObject.Parse(File.ReadAllText(Path.Combine([RepoPaths.Root, .. path])));

    private static List<string[]> RunArgs(JObject json) => json["runArgs"]!.Select(t => ((string)t!).Split('=', 2)).ToList();

    private static string[] Values(List<string[]> runArgs, string flag) => runArgs.Where(a => a[0] == flag).Select(a => a[1]).ToArray();

    private static string LimitName(string ulimit) => ulimit.Split('=')[0];

    private static string NoCapPrefix(string capability) =>
        capability.StartsWith("CAP_", StringComparison.Ordinal) ? capability[4..] : capability;

    private static string MountTarget(string mount) =>
        mount.Split(',').Select(f => f.Split('=', 2)).Single(f => f[0] is "target" or "dst" or "destination")[1];
}
