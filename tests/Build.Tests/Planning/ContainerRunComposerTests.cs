using Build.Docker;
using Build.Planning;
using Build.Tests.RunContainerSupport;

namespace Build.Tests.Planning;

/// <summary>
/// run.sh's worked cases 19-23 and derived settings (docs/decisions.md §1.6, §1.9), adjusted where
/// docs/decisions.md §2 differs: --mount-workspace implies no --privileged and mounts the normalised root (§2.13), the HF cache
/// rules (§2.14), GPU detection (§2.15), -it without a terminal (§2.16). Facts are injected: /repo, called from /repo/container.
/// </summary>
public sealed class ContainerRunComposerTests
{
    private const string Fixed = "--shm-size=10G --ulimit memlock=-1 --ulimit stack=67108864 --ulimit nofile=65536:65536";

    private static string DockerLine(BuildContext context) => RunTestHost.ShellLines(context).Single(l => l.StartsWith("docker ", StringComparison.Ordinal));

    [Fact]
    public void Case_19_with_a_gpu_is_the_worked_cases_line()
    {
        var context = RunTestHost.FrontDoor("--dry-run");
        Assert.Equal(
            [$"docker run --init --gpus all --rm --network host {Fixed} -w /workspace --cap-add CAP_SYS_PTRACE --ipc host dynamo:latest-vllm"],
            RunTestHost.ShellLines(context));
        Assert.Empty(context.ContainerRun!.Warnings);
    }

    [Fact]
    public void Case_19_without_a_gpu_drops_gpus_with_one_warning()
    {
        var context = RunTestHost.FrontDoor(RunTestHost.Facts(gpu: false), "--dry-run");
        Assert.Equal(
            [$"docker run --init --rm --network host {Fixed} -w /workspace --cap-add CAP_SYS_PTRACE --ipc host dynamo:latest-vllm"],
            RunTestHost.ShellLines(context));
        var warning = Assert.Single(context.ContainerRun!.Warnings);
        Assert.Contains("no NVIDIA GPU found", warning, StringComparison.Ordinal);
        Assert.Contains("--gpus all", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Case_20_mount_workspace_is_not_privileged_and_mounts_the_normalised_root()
    {
        var context = RunTestHost.FrontDoor("--dry-run", "--mount-workspace", "-it");
        Assert.Equal(
            [
                "mkdir -p /repo/container/.cache/huggingface",
                $"docker run --init --gpus all -it --rm --network host {Fixed} -e HF_TOKEN -v /repo:/workspace -v /tmp:/tmp -v /mnt/:/mnt "
                + "-v /repo/container/.cache/huggingface:/home/dynamo/.cache/huggingface -w /workspace --cap-add CAP_SYS_PTRACE --ipc host dynamo:latest-vllm",
            ],
            RunTestHost.ShellLines(context));
    }

    [Fact]
    public void Case_21_gpus_none_drops_gpus_and_runtime()
    {
        var context = RunTestHost.FrontDoor("--dry-run", "--framework", "sglang", "--target", "local-dev", "--gpus", "none", "--runtime", "nvidia", "--name", "dev1",
            "--network", "bridge", "-p", "8000:8000", "-e", "FOO=bar", "-v", "/data:/data");
        Assert.Equal(
            [$"docker run --init --rm --network bridge {Fixed} -e FOO=bar -v /data:/data -p 8000:8000 -w /workspace --cap-add CAP_SYS_PTRACE --ipc host --name dev1 dynamo:latest-sglang-local-dev"],
            RunTestHost.ShellLines(context));
    }

    [Fact]
    public void Case_22_root_hf_target_gds_and_the_command_keeps_its_quoting()
    {
        var context = RunTestHost.FrontDoor("--dry-run", "--image", "my:img", "--use-nixl-gds", "--user", "root", "--hf-home", "/data/hf", "--privileged", "false",
            "--rm", "false", "--workdir", "/opt", "--entrypoint", "/bin/bash", "--", "-c", "echo hi");
        Assert.Equal(
            [
                "mkdir -p /data/hf",
                $"docker run --init --gpus all --network host {Fixed} -v /data/hf:/root/.cache/huggingface -v /run/udev:/run/udev:ro -v /tmp:/tmp -w /opt "
                + "--cap-add CAP_SYS_PTRACE --cap-add IPC_LOCK --ipc host --user root --entrypoint /bin/bash my:img -c 'echo hi'",
            ],
            RunTestHost.ShellLines(context));
        Assert.Equal(["my:img", "-c", "echo hi"], RunTestHost.Argv(context)[^3..]);
    }

    [Fact]
    public void Case_23_explicit_privileged_false_container_network_and_no_hf_mount()
    {
        var context = RunTestHost.FrontDoor("--dry-run", "--mount-workspace", "--privileged", "false", "--user", "1000:0", "--network", "container:redis",
            "--gpus", "device=0", "--runtime", "nvidia", "--hf-home", "none");
        Assert.Equal(
            [$"docker run --init --gpus device=0 --rm --network container:redis --runtime nvidia {Fixed} -e HF_TOKEN -v /repo:/workspace -v /tmp:/tmp -v /mnt/:/mnt -w /workspace --cap-add CAP_SYS_PTRACE --ipc host --user 1000:0 dynamo:latest-vllm"],
            RunTestHost.ShellLines(context));
        Assert.Empty(context.Plan.Directories);
    }

    [Fact]
    public void Privileged_only_when_asked_for()
    {
        Assert.Contains("--privileged", RunTestHost.Argv(RunTestHost.FrontDoor("--mount-workspace", "--privileged", "TRUE")));
        Assert.DoesNotContain("--privileged", RunTestHost.Argv(RunTestHost.FrontDoor("--mount-workspace")));
    }

    [Fact]
    public void Hf_home_from_the_environment_is_mounted_only_with_mount_workspace()
    {
        var facts = RunTestHost.Facts(hfHomeEnvironment: "/home/me/hf");
        Assert.DoesNotContain(RunTestHost.Argv(RunTestHost.FrontDoor(facts)), a => a.Contains("huggingface", StringComparison.Ordinal));
        Assert.Empty(RunTestHost.FrontDoor(facts).Plan.Directories);

        var workspace = RunTestHost.FrontDoor(facts, "--mount-workspace");
        Assert.Contains("/home/me/hf:/home/dynamo/.cache/huggingface", RunTestHost.Argv(workspace));
        Assert.Equal(["/home/me/hf"], workspace.Plan.Directories);
    }

    [Fact]
    public void Hf_home_given_wins_over_the_environment_and_is_made_absolute()
    {
        var context = RunTestHost.FrontDoor(RunTestHost.Facts(hfHomeEnvironment: "/home/me/hf"), "--mount-workspace", "--hf-cache", "../cache/./hf/");
        Assert.Contains("/repo/cache/hf:/home/dynamo/.cache/huggingface", RunTestHost.Argv(context));
        Assert.Equal(["/repo/cache/hf"], context.Plan.Directories);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("NONE")]
    [InlineData("None")]
    public void Hf_home_none_in_any_case_disables_the_mount(string none)
    {
        var context = RunTestHost.FrontDoor("--mount-workspace", "--hf-home", none);
        Assert.DoesNotContain(RunTestHost.Argv(context), a => a.Contains("huggingface", StringComparison.Ordinal));
        Assert.Empty(context.Plan.Directories);
    }

    [Theory]
    [InlineData("root", "/root/.cache/huggingface")]
    [InlineData("0", "/root/.cache/huggingface")]
    [InlineData("0:0", "/root/.cache/huggingface")]
    [InlineData("root:root", "/root/.cache/huggingface")]
    [InlineData("0:root", "/root/.cache/huggingface")]
    [InlineData("root:1000", "/root/.cache/huggingface")]
    [InlineData("dynamo", "/home/dynamo/.cache/huggingface")]
    [InlineData("1000:0", "/home/dynamo/.cache/huggingface")]
    [InlineData("10", "/home/dynamo/.cache/huggingface")]
    public void Hf_target_follows_the_user_root_by_name_or_uid(string user, string target)
    {
        var argv = RunTestHost.Argv(RunTestHost.FrontDoor("--user", user, "--hf-home", "/hf"));
        Assert.Contains($"/hf:{target}", argv);
    }

    [Theory]
    [InlineData("None")]
    [InlineData("NONE")]
    [InlineData("none")]
    public void Gpus_none_in_any_case_drops_gpus_and_runtime(string none)
    {
        var argv = RunTestHost.Argv(RunTestHost.FrontDoor("--gpus", none, "--runtime", "nvidia"));
        Assert.DoesNotContain("--gpus", argv);
        Assert.DoesNotContain("--runtime", argv);
    }

    [Theory]
    [InlineData("all", "all")]
    [InlineData("2", "2")]
    [InlineData("device=0,1", "device=0,1")]
    [InlineData("\"device=0,1\"", "\"device=0,1\"")]
    [InlineData("AUTO", "all")]
    public void Explicit_gpus_are_passed_as_given(string gpus, string expected)
    {
        var argv = RunTestHost.Argv(RunTestHost.FrontDoor(RunTestHost.Facts(gpu: true), "--gpus", gpus, "--runtime", "nvidia"));
        Assert.Equal(expected, argv[Array.IndexOf(argv, "--gpus") + 1]);
        Assert.Contains("--runtime", argv);
    }

    [Fact]
    public void Explicit_gpus_all_is_kept_without_a_detected_gpu_and_without_a_warning()
    {
        var context = RunTestHost.FrontDoor(RunTestHost.Facts(gpu: false), "--gpus", "all");
        Assert.Contains("--gpus", RunTestHost.Argv(context));
        Assert.Empty(context.ContainerRun!.Warnings);
    }

    [Theory]
    [InlineData("-it")]
    [InlineData("-ti")]
    [InlineData("-i", "-t")]
    [InlineData("-t", "-i")]
    public void Every_interactive_spelling_gives_a_terminal(params string[] flags)
    {
        Assert.Contains("-it", RunTestHost.Argv(RunTestHost.FrontDoor(RunTestHost.Facts(terminal: true), flags)));
    }

    [Fact]
    public void Without_a_terminal_interactive_runs_with_dash_i_and_says_so()
    {
        var context = RunTestHost.FrontDoor(RunTestHost.Facts(terminal: false), "-it");
        var argv = RunTestHost.Argv(context);
        Assert.Contains("-i", argv);
        Assert.DoesNotContain("-it", argv);
        Assert.Contains(context.ContainerRun!.Warnings, w => w.Contains("not a terminal", StringComparison.Ordinal));
    }

    [Fact]
    public void Platform_ports_in_use_give_one_warning_each_under_host_networking_only()
    {
        var facts = RunTestHost.Facts(portsInUse: [4222, 8000]);
        var warnings = RunTestHost.FrontDoor(facts).ContainerRun!.Warnings;
        Assert.Equal(2, warnings.Count);
        Assert.Contains("port 4222 (NATS)", warnings[0], StringComparison.Ordinal);
        Assert.Contains("port 8000 (the frontend)", warnings[1], StringComparison.Ordinal);

        Assert.Empty(RunTestHost.FrontDoor(facts, "--network", "bridge").ContainerRun!.Warnings);
    }

    [Fact]
    public void Gds_without_mount_workspace_adds_tmp_once_and_with_it_not_again()
    {
        Assert.Equal(["/run/udev:/run/udev:ro", "/tmp:/tmp"], Volumes(RunTestHost.FrontDoor("--use-nixl-gds")));
        Assert.Equal(["/repo:/workspace", "/tmp:/tmp", "/mnt/:/mnt", "/repo/container/.cache/huggingface:/home/dynamo/.cache/huggingface", "/run/udev:/run/udev:ro"],
            Volumes(RunTestHost.FrontDoor("--use-nixl-gds", "--mount-workspace")));
    }

    [Fact]
    public void User_volumes_come_first_relative_host_paths_become_absolute_named_volumes_stay()
    {
        Assert.Equal(["/data:/data:ro", "/repo/container/rel:/x", "/repo:/up", "cache:/cache", "/repo:/workspace", "/tmp:/tmp", "/mnt/:/mnt", "/repo/container/.cache/huggingface:/home/dynamo/.cache/huggingface"],
            Volumes(RunTestHost.FrontDoor("-v", "/data:/data:ro", "-v", "./rel:/x", "-v", "..:/up", "-v", "cache:/cache", "--mount-workspace")));
    }

    [Fact]
    public void Values_with_spaces_and_globs_stay_one_argument()
    {
        var argv = RunTestHost.Argv(RunTestHost.FrontDoor("-e", "NOTE=two words *", "-v", "/my data/*:/data", "--network", "bridge", "-p", "127.0.0.1:8000:8000"));
        Assert.Contains("NOTE=two words *", argv);
        Assert.Contains("/my data/*:/data", argv);
    }

    [Fact]
    public void Ulimit_overrides_replace_the_fixed_value_in_place_or_are_added()
    {
        var context = RunTestHost.Context(["--target", "RunContainer", "--ulimit", "memlock=8388608", "--ulimit", "nproc=4096:8192"]);
        var settings = (DockerRunSettings)context.Plan.Steps.Single().Command;
        Assert.Equal(["memlock=8388608", "stack=67108864", "nofile=65536:65536", "nproc=4096:8192"], settings.Ulimits);
    }

    [Theory]
    [InlineData(new[] { "--framework", "SGLANG", "--target", "runtime" }, "dynamo:latest-sglang-runtime")]
    [InlineData(new[] { "--framework", "trtllm" }, "dynamo:latest-trtllm")]
    [InlineData(new[] { "--framework", "none", "--target", "dev" }, "dynamo:latest-none-dev")]
    [InlineData(new[] { "--image", "v0.1.0.dev.08cc44965-vllm-local-dev", "--framework", "vllm" }, "v0.1.0.dev.08cc44965-vllm-local-dev")]
    [InlineData(new[] { "--image", "localhost:5000/team/img@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" }, "localhost:5000/team/img@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Image_is_the_given_reference_or_the_default_name_of_framework_and_stage(string[] args, string image)
    {
        Assert.Equal(image, ((DockerRunSettings)RunTestHost.FrontDoor(args).Plan.Steps.Single().Command).Image);
    }

    private static IReadOnlyList<string> Volumes(BuildContext context) => ((DockerRunSettings)context.Plan.Steps.Single().Command).Volumes;
}
