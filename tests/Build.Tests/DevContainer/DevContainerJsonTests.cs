using Build.Docker;
using Build.Tests.RunContainerSupport;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.DevContainer;

/// <summary>
/// .devcontainer/devcontainer.json runs the local-dev image as the seed describes (docs/decisions.md §1.8, seed README: user dynamo,
/// UID matched, workspace at /workspace) with the same container set-up RunContainer gives
/// <c>run.sh --image dynamo:latest-vllm-local-dev --mount-workspace --gpus all</c>.
/// </summary>
public sealed class DevContainerJsonTests
{
    private static readonly JObject Json = JObject.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, ".devcontainer", "devcontainer.json")));

    private static readonly DockerRunSettings Run = (DockerRunSettings)RunTestHost
        .Seed("--image", "dynamo:latest-vllm-local-dev", "--mount-workspace", "--gpus", "all").Plan.Steps.Single().Command;

    [Fact]
    public void It_uses_the_local_dev_image_as_user_dynamo_with_the_hosts_uid()
    {
        Assert.Equal(Run.Image, (string?)Json["image"]);
        Assert.Equal("dynamo", (string?)Json["remoteUser"]);
        Assert.True((bool?)Json["updateRemoteUserUID"]);
    }

    [Fact]
    public void The_workspace_is_mounted_and_opened_where_RunContainer_mounts_it()
    {
        var workspaceTarget = Run.Volumes.Single(v => v.StartsWith("/repo:", StringComparison.Ordinal)).Split(':')[1];
        Assert.Equal(workspaceTarget, MountTarget((string)Json["workspaceMount"]!));
        Assert.Equal(Run.Workdir, (string?)Json["workspaceFolder"]);
        Assert.StartsWith("source=${localWorkspaceFolder},", (string)Json["workspaceMount"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_arguments_mirror_RunContainers_fixed_flags_and_gpus()
    {
        var runArgs = Json["runArgs"]!.Select(t => ((string)t!).Split('=', 2)).ToList();
        string[] Values(string flag) => runArgs.Where(a => a[0] == flag).Select(a => a[1]).ToArray();

        Assert.Equal([Run.Gpus!], Values("--gpus"));
        Assert.Equal([Run.Network], Values("--network"));
        Assert.Equal([Run.Ipc!], Values("--ipc"));
        Assert.Equal([Run.ShmSize!], Values("--shm-size"));
        Assert.Equal(Run.Ulimits, Values("--ulimit"));
        Assert.Equal(Run.CapAdd.Select(NoCapPrefix), Values("--cap-add").Select(NoCapPrefix));
        Assert.False(Run.Privileged);
        Assert.Equal(["--cap-add", "--gpus", "--ipc", "--network", "--shm-size", "--ulimit"], runArgs.Select(a => a[0]).Distinct().Order());
    }

    [Fact]
    public void Mounts_are_RunContainers_workspace_mounts_and_the_hf_cache_of_a_non_root_user()
    {
        var targets = Json["mounts"]!.Select(t => MountTarget((string)t!)).Append(MountTarget((string)Json["workspaceMount"]!)).Order();
        Assert.Equal(Run.Volumes.Select(v => v.Split(':')[1]).Order(), targets);
        Assert.Contains(Json["mounts"]!, t => ((string)t!).Contains("target=/home/dynamo/.cache/huggingface", StringComparison.Ordinal));
    }

    [Fact]
    public void Hf_token_reaches_the_container_by_name_as_with_mount_workspace()
    {
        Assert.Contains("HF_TOKEN", Run.Environment);
        Assert.Equal("${localEnv:HF_TOKEN}", (string?)Json["remoteEnv"]?["HF_TOKEN"]);
    }

    private static string NoCapPrefix(string capability) =>
        capability.StartsWith("CAP_", StringComparison.Ordinal) ? capability[4..] : capability;

    private static string MountTarget(string mount) =>
        mount.Split(',').Select(f => f.Split('=', 2)).Single(f => f[0] is "target" or "dst" or "destination")[1];
}
