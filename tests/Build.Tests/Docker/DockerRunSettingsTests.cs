using Build.CommandLine;
using Build.Docker;
using Build.Execution;

namespace Build.Tests.Docker;

/// <summary>docker run's flags are mapped in one place, in run.sh's fixed order (docs/decisions.md §1.6).</summary>
public sealed class DockerRunSettingsTests
{
    private static string Line(DockerRunSettings settings) => ShellQuoting.CommandLine("docker", settings.ToArguments());

    [Fact]
    public void Every_flag_in_run_shs_order()
    {
        var settings = new DockerRunSettings
        {
            Gpus = "all",
            Interactive = true,
            Tty = true,
            Remove = true,
            Network = "bridge",
            Runtime = "nvidia",
            ShmSize = "10G",
            Ulimits = ["memlock=-1", "stack=67108864"],
            Environment = ["FOO=bar", "HF_TOKEN"],
            Volumes = ["/data:/data", "/run/udev:/run/udev:ro"],
            Ports = ["8000:8000"],
            Workdir = "/workspace",
            CapAdd = ["CAP_SYS_PTRACE", "IPC_LOCK"],
            Ipc = "host",
            Privileged = true,
            User = "1000:0",
            Name = "dev1",
            Entrypoint = "/bin/bash",
            Init = true,
            Image = "dynamo:latest-vllm",
            Command = ["-c", "echo hi"],
        };

        Assert.Equal(
            "docker run --init --gpus all -it --rm --network bridge --runtime nvidia --shm-size=10G --ulimit memlock=-1 --ulimit stack=67108864 "
            + "-e FOO=bar -e HF_TOKEN -v /data:/data -v /run/udev:/run/udev:ro -p 8000:8000 -w /workspace --cap-add CAP_SYS_PTRACE "
            + "--cap-add IPC_LOCK --ipc host --privileged --user 1000:0 --name dev1 --entrypoint /bin/bash dynamo:latest-vllm -c 'echo hi'",
            Line(settings));
    }

    [Fact]
    public void The_container_commands_that_clean_up_after_a_stopped_run()
    {
        Assert.Equal("docker container inspect --format '{{.State.Status}}' abc", ShellQuoting.CommandLine("docker", new DockerContainerInspectSettings("abc", "{{.State.Status}}").ToArguments()));
        Assert.Equal("docker container rm --force abc", ShellQuoting.CommandLine("docker", new DockerContainerRemoveSettings("abc", Force: true).ToArguments()));
        Assert.Equal("docker container rm abc", ShellQuoting.CommandLine("docker", new DockerContainerRemoveSettings("abc", Force: false).ToArguments()));
        Assert.Equal("docker container kill --signal SIGTERM abc", ShellQuoting.CommandLine("docker", new DockerContainerKillSettings("abc", "SIGTERM").ToArguments()));
        Assert.Equal(
            "docker events --since 1767323045 --until 1767323050 --filter type=container --filter container=abc --format '{{.Action}}'",
            ShellQuoting.CommandLine("docker", new DockerContainerEventsSettings("abc", DateTimeOffset.FromUnixTimeSeconds(1767323045), DateTimeOffset.FromUnixTimeSeconds(1767323050), "{{.Action}}").ToArguments()));
    }

    [Fact]
    public void Only_the_required_flags_when_nothing_else_is_set()
    {
        Assert.Equal(["run", "--network", "host", "img"], new DockerRunSettings { Network = "host", Image = "img" }.ToArguments().Select(a => a.Value));
    }

    [Fact]
    public void Interactive_without_a_terminal_is_dash_i()
    {
        var argv = new DockerRunSettings { Network = "none", Image = "img", Interactive = true, Tty = false }.ToArguments().Select(a => a.Value).ToList();
        Assert.Contains("-i", argv);
        Assert.DoesNotContain("-it", argv);
    }

    [Fact]
    public void Each_value_and_command_word_is_exactly_one_argument_and_none_is_secret()
    {
        var settings = new DockerRunSettings
        {
            Network = "host",
            Image = "img",
            Environment = ["NOTE=two words $HOME *"],
            Volumes = ["/path with space:/data"],
            Command = ["sh", "-c", "echo \"$0\"", "a b", "it's", ""],
        };

        var argv = settings.ToArguments();
        Assert.Equal(["sh", "-c", "echo \"$0\"", "a b", "it's", ""], argv.SkipWhile(a => a.Value != "img").Skip(1).Select(a => a.Value));
        Assert.Contains(argv, a => a.Value == "NOTE=two words $HOME *");
        Assert.Contains(argv, a => a.Value == "/path with space:/data");
        Assert.DoesNotContain(argv, a => a.IsSecret);
    }
}
