using Build.CommandLine;
using System.Diagnostics;
using Build.Execution;
using Build.Tests.RunContainerSupport;
using Build.Tests.Support;

namespace Build.Tests.Tasks;

/// <summary>
/// container/run.sh against the real Docker engine (issue 4, "How it is checked"): containers run with --network none
/// (or another container's network), from a tiny image built from the local base, with a command after '--'.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RunContainerIntegrationTests(RunTestEngine engine) : IClassFixture<RunTestEngine>, IClassFixture<WarmHost>
{
    private Run.Result RunSh(string[] args, IDictionary<string, string?>? environment = null, string? input = null, string? workingDirectory = null, string network = "none") =>
        HostProcess.RunSh([.. engine.Base(network), .. args], environment, input, workingDirectory);

    private static string Unique(string what) => TestRun.ContainerName($"runcontainer-{what}");

    [Fact]
    public void The_command_and_its_arguments_arrive_word_for_word()
    {
        var result = RunSh(["--", "sh", "-c", "printf '%s|' \"$@\"", "sh", "a b", "c'd", "$HOME", "*", ""]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("a b|c'd|$HOME|*||", result.Output);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(1)]
    [InlineData(0)]
    public void The_container_commands_exit_code_is_the_hosts(int code)
    {
        var result = RunSh(["--", "sh", "-c", $"exit {code}"]);
        Assert.True(result.ExitCode == code, result.ToString());

        // No error framing around the container's own exit code (docs/decisions.md §5.3).
        Assert.DoesNotContain(result.ErrorLines, l => l.StartsWith("ERROR:", StringComparison.Ordinal));
        Assert.StartsWith("+ docker run ", Assert.Single(result.ErrorLines, l => !l.StartsWith("WARNING: ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], 1000)]
    [InlineData(new[] { "--user", "0" }, 0)]
    [InlineData(new[] { "--user", "1234:0" }, 1234)]
    public void A_file_written_in_a_mounted_directory_appears_on_the_host_with_the_containers_user(string[] user, int uid)
    {
        var dir = Directory.CreateTempSubdirectory("runcontainer-volume-").FullName;
        try
        {
            File.SetUnixFileMode(dir, (UnixFileMode)0b111_111_111);
            var result = RunSh([.. user, "-v", $"{dir}:/out", "--", "sh", "-c", "id -u > /out/written"]);
            Assert.True(result.ExitCode == 0, result.ToString());

            var file = Path.Combine(dir, "written");
            Assert.Equal($"{uid}\n", File.ReadAllText(file));
            Assert.Equal($"{uid}", HostProcess.Start("stat", ["-c", "%u", file], dir).Output.Trim());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Environment_variables_are_set_or_passed_through_by_name()
    {
        var result = RunSh(["-e", "FOO=two words", "-e", "PASSED", "--", "sh", "-c", "echo \"$FOO|$PASSED\""],
            new Dictionary<string, string?> { ["PASSED"] = "from the host" });
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("two words|from the host\n", result.Output);
    }

    [Fact]
    public void User_0_runs_as_root()
    {
        var result = RunSh(["--user", "0", "--", "id", "-u"]);
        Assert.Equal("0\n", result.Output);
    }

    [Fact]
    public void Workdir_sets_the_working_directory_and_the_default_is_workspace()
    {
        Assert.Equal("/tmp\n", RunSh(["--workdir", "/tmp", "--", "pwd"]).Output);
        Assert.Equal("/workspace\n", RunSh(["--", "pwd"]).Output);
    }

    [Fact]
    public void Entrypoint_replaces_the_images_and_the_command_becomes_its_arguments()
    {
        var result = RunSh(["--entrypoint", "/bin/echo", "--", "hello", "two  words"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("hello two  words\n", result.Output);
    }

    [Fact]
    public void Name_names_the_container_and_a_second_one_shares_its_network_with_container_NAME()
    {
        var name = Unique("net");
        var dir = Directory.CreateTempSubdirectory("runcontainer-ns-").FullName;
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_111_111);
        var first = Process.Start(new ProcessStartInfo(Path.Combine(RepoPaths.Container, "run.sh"),
            [.. engine.Base(), "--name", name, "-v", $"{dir}:/out", "--", "sh", "-c", "readlink /proc/self/ns/net > /out/ns; sleep 60"])
        {
            WorkingDirectory = RepoPaths.Container,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        })!;
        try
        {
            var ns = Path.Combine(dir, "ns");
            var clock = Stopwatch.StartNew();
            while (!File.Exists(ns) || File.ReadAllText(ns).Length == 0)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60) && !first.HasExited, "the first container did not start: " + (first.HasExited ? first.StandardError.ReadToEnd() : "timeout"));
                Thread.Sleep(100);
            }

            Assert.Equal($"/{name}", RunTestEngine.Docker("container", "inspect", "--format", "{{.Name}}", name).Output.Trim());
            var second = RunSh(["--", "readlink", "/proc/self/ns/net"], network: $"container:{name}");
            Assert.True(second.ExitCode == 0, second.ToString());
            Assert.Equal(File.ReadAllText(ns), second.Output);

            var own = RunSh(["--", "readlink", "/proc/self/ns/net"]);
            Assert.NotEqual(File.ReadAllText(ns), own.Output);
        }
        finally
        {
            RunTestEngine.Docker("rm", "-f", name);
            first.WaitForExit(30_000);
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Rm_false_leaves_the_container_behind_and_rm_true_does_not()
    {
        var kept = Unique("kept");
        var removed = Unique("removed");
        try
        {
            Assert.Equal(0, RunSh(["--name", kept, "--rm", "false", "--", "true"]).ExitCode);
            Assert.Equal("exited", RunTestEngine.Docker("container", "inspect", "--format", "{{.State.Status}}", kept).Output.Trim());

            Assert.Equal(0, RunSh(["--name", removed, "--rm", "TRUE", "--", "true"]).ExitCode);
            Assert.NotEqual(0, RunTestEngine.Docker("container", "inspect", removed).ExitCode);

            var byDefault = Unique("default");
            Assert.Equal(0, RunSh(["--name", byDefault, "--", "true"]).ExitCode);
            Assert.NotEqual(0, RunTestEngine.Docker("container", "inspect", byDefault).ExitCode);
        }
        finally
        {
            RunTestEngine.Docker("rm", "-f", kept, removed);
        }
    }

    [Fact]
    public void Mount_workspace_gives_the_repository_at_workspace_and_the_hf_cache_created_just_before()
    {
        using var repo = new FakeRepo();
        var hf = Path.Combine(Directory.CreateTempSubdirectory("runcontainer-hf-").FullName, "not yet");
        try
        {
            var result = RunSh(["--mount-workspace", "--", "sh", "-c", "cat /workspace/marker.txt; test -d /home/dynamo/.cache/huggingface && echo hf-mounted; test -w /tmp && echo tmp-mounted"],
                new Dictionary<string, string?> { ["HF_HOME"] = hf }, workingDirectory: Path.Combine(repo.Root, "container"));
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("fake repository\nhf-mounted\ntmp-mounted\n", result.Output);
            Assert.True(Directory.Exists(hf));
            Assert.False(Directory.Exists(repo.DefaultHfCache));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(hf)!, recursive: true);
        }
    }

    [Fact]
    public void Interactive_without_a_terminal_runs_with_stdin_attached_and_says_so()
    {
        var result = RunSh(["-it", "--", "cat"], input: "line one\nline two\n");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("line one\nline two\n", result.Output);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("WARNING: standard input is not a terminal", StringComparison.Ordinal));
    }

    [Fact]
    public void Interactive_in_a_terminal_gets_a_terminal_in_the_container()
    {
        // script(1) gives run.sh a pseudo-terminal, as a person's shell would.
        var line = string.Join(' ', new[] { Path.Combine(RepoPaths.Container, "run.sh") }.Concat(engine.Base()).Concat(["-ti", "--", "sh", "-c", "tty; echo done"]).Select(ShellQuoting.Quote));
        var result = HostProcess.Start("script", ["-qec", line, "/dev/null"], RepoPaths.Container);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"/dev/pts/[0-9]+\r?\ndone", result.Output);
        Assert.Contains(" -it ", result.Output, StringComparison.Ordinal);
    }
}
