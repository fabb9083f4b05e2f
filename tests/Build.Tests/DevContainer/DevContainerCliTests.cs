using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.DevContainer;

/// <summary>
/// The real Dev Containers CLI (<c>@devcontainers/cli</c>, installed by .ci/run) starts .devcontainer/devcontainer.json
/// on this engine (no GPU, lower limits, no bridge network) with a local-dev image the suite builds through the
/// host. Only the image name is the test's own (never the user's <c>dynamo:latest-vllm-local-dev</c>); the image,
/// the container and the workspace are removed afterwards.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DevContainerCliTests : IDisposable
{
    private const int Uid = 2345;

    private readonly string _id = Guid.NewGuid().ToString("N")[..10];

    private readonly string _workspace;

    public DevContainerCliTests()
    {
        _workspace = Directory.CreateTempSubdirectory("devcontainer-ws-").FullName;
        // Readable by the container's user, whose UID is not the test's.
        File.SetUnixFileMode(_workspace, (UnixFileMode)0b111_101_101);
    }

    private string Image => $"devcontainer-it-{_id}:local-dev";

    [Fact]
    public void Devcontainer_up_starts_the_local_dev_image_and_exec_runs_as_dynamo_in_the_workspace()
    {
        DockerCli.Require();
        var cli = DevcontainerCli();
        LocalBuildInputs.Ensure();
        var build = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"),
            ["--target", "BuildLocalDev", "--dev-image", "local/debian:bookworm", "--tag", Image,
             "--uid", Uid.ToString(), "--gid", Uid.ToString(), .. LocalBuildInputs.LocalDevArgs],
            RepoPaths.Root, timeoutSeconds: 1800);
        Assert.True(build.ExitCode == 0, build.ToString());

        WriteConfig();
        File.WriteAllText(Path.Combine(_workspace, "marker.txt"), "workspace " + _id);

        var up = Run.Process(cli, ["up", "--workspace-folder", _workspace, "--log-format", "json"], _workspace, timeoutSeconds: 600);
        Assert.True(up.ExitCode == 0, up.ToString());
        var outcome = JObject.Parse(up.Output.Trim().Split('\n').Last());
        Assert.Equal("success", (string?)outcome["outcome"]);
        Assert.Equal("dynamo", (string?)outcome["remoteUser"]);
        Assert.Equal("/workspace", (string?)outcome["remoteWorkspaceFolder"]);

        var exec = Run.Process(cli, ["exec", "--workspace-folder", _workspace, "sh", "-c", "id -un; id -u; pwd; cat marker.txt; echo; ls -d /home/dynamo/.cache/huggingface"], _workspace);
        Assert.True(exec.ExitCode == 0, exec.ToString());
        Assert.Equal(["dynamo", Uid.ToString(), "/workspace", "workspace " + _id, "/home/dynamo/.cache/huggingface"],
            exec.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // Started without a bridge network, without GPUs (none here) and within this engine's limits.
        var container = (JObject)JArray.Parse(DockerCli.Ok("container", "inspect", (string)outcome["containerId"]!))[0];
        Assert.Equal("host", (string?)container["HostConfig"]?["NetworkMode"]);
        Assert.True(container["HostConfig"]?["DeviceRequests"] is null or { Type: JTokenType.Null } or JArray { Count: 0 });
        Assert.Equal(["stack"], container["HostConfig"]!["Ulimits"]!.Select(u => (string)u["Name"]!));
    }

    /// <summary>
    /// Without the image, `devcontainer up` stops in the configuration's initializeCommand, before any pull: its line
    /// names the image and the command that builds it, and no container is made.
    /// </summary>
    [Fact]
    public void Devcontainer_up_without_the_image_stops_with_the_line_that_says_how_to_build_it()
    {
        DockerCli.Require();
        var cli = DevcontainerCli();
        WriteConfig();

        var up = Run.Process(cli, ["up", "--workspace-folder", _workspace], _workspace, timeoutSeconds: 600);

        Assert.NotEqual(0, up.ExitCode);
        var said = up.Output + up.Error;
        // The line the command printed (the CLI stamps each line of its output; its echo of the command is no such line).
        Assert.Matches($@"(?m)^\[[^\]]+\] The image {System.Text.RegularExpressions.Regex.Escape(Image)} is missing: build it first with container/build\.sh --framework vllm --target local-dev$", up.Error);
        Assert.DoesNotContain("docker pull", said, StringComparison.Ordinal);
        Assert.Equal("", DockerCli.Ok("ps", "-aq", "--filter", $"label=devcontainer.local_folder={_workspace}").Trim());
    }

    /// <summary>The repository's configuration as it is, pointed at the test's image (also in the image check).</summary>
    private void WriteConfig()
    {
        var config = JObject.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, ".devcontainer", "devcontainer.json")));
        var image = (string)config["image"]!;
        config["image"] = Image;
        config["initializeCommand"] = ((string)config["initializeCommand"]!).Replace(image, Image, StringComparison.Ordinal);
        Directory.CreateDirectory(Path.Combine(_workspace, ".devcontainer"));
        File.WriteAllText(Path.Combine(_workspace, ".devcontainer", "devcontainer.json"), config.ToString());
    }

    private static string DevcontainerCli()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "devcontainer")).FirstOrDefault(File.Exists);
        return found ?? throw new InvalidOperationException(
            "The Dev Containers CLI (devcontainer) is not on PATH: install it with `npm install -g @devcontainers/cli@0.89.0` (.ci/run does)");
    }

    public void Dispose()
    {
        foreach (var container in DockerCli.Cli("ps", "-aq", "--filter", $"label=devcontainer.local_folder={_workspace}").Output
                     .Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            DockerCli.Cli("rm", "-f", container);
        }

        DockerCli.Cli("image", "rm", Image);
        Directory.Delete(_workspace, recursive: true);
    }
}
