using Build.Tests.Release.Support;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Release;

/// <summary>
/// BuildFrontend for real (docs/decisions.md §1.7): the none dev image, the EPP image from a GAIE fixture and
/// the frontend built in one host run; and README's manual docker buildx command ("The manual docker buildx command") from the repository root.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FrontendImageTests(FrontendBuild build) : IClassFixture<FrontendBuild>
{
    [Fact]
    public void One_run_builds_the_dev_image_the_epp_and_the_frontend_with_their_tags()
    {
        var version = (string)build.Report["version"]!;
        var ns = FrontendBuild.Namespace;
        Assert.Equal([$"{ns}/dynamo:{version}-none", $"{ns}/dynamo:latest-none"], build.Tags("BuildDevImage"));
        Assert.Equal([FrontendBuild.EppTag, $"{ns}/dynamo-epp:latest"], build.Tags("BuildEpp"));
        Assert.Equal([$"{ns}/dynamo:{version}-none-frontend", $"{ns}/dynamo:latest-none-frontend"], build.Tags("BuildFrontend"));
        foreach (var tag in build.Tags("BuildDevImage").Concat(build.Tags("BuildEpp")).Concat(build.Tags("BuildFrontend")))
        {
            Assert.NotNull(DockerCli.ImageId(tag));
        }
    }

    [Fact]
    public void The_frontend_runs_epp_by_default_and_passes_arguments_to_it_not_to_bash()
    {
        var image = build.Tags("BuildFrontend")[0];
        var plain = DockerCli.RunImage(image);
        Assert.True(plain.ExitCode == 0, plain.Error);
        Assert.Equal(GaieFixture.Output(build.Gaie.Commit, GaieFixture.Tag), plain.Output.Trim());
        Assert.Equal(GaieFixture.Output(build.Gaie.Commit, GaieFixture.Tag, "--poolName", "x"), DockerCli.RunImage(image, "--poolName", "x").Output.Trim());

        var config = (JObject)DockerCli.Inspect(image)["Config"]!;
        Assert.Equal(["/epp"], config["Entrypoint"]!.Select(t => (string)t!));
        Assert.True(config["Cmd"] is null || config["Cmd"]!.Type == JTokenType.Null || !config["Cmd"]!.Any(), "no CMD: the default command is /epp alone (docs/decisions.md §2.20)");
        Assert.Equal("dynamo", (string?)config["User"]);
    }

    [Fact]
    public void The_frontend_user_is_dynamo_1000_0_and_the_copied_venv_python_runs()
    {
        var image = build.Tags("BuildFrontend")[0];
        var result = DockerCli.Sh(image, "id -u; id -g; echo $HOME; echo $VIRTUAL_ENV; python -c 'import sys, dynamo; print(sys.prefix, \"%d.%d\" % sys.version_info[:2])'; test -w /workspace && test -w /opt/dynamo && test -w /home/dynamo/.cache && echo writable");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(["1000", "0", "/home/dynamo", "/opt/dynamo/venv", $"/opt/dynamo/venv {FrontendBuild.PythonVersion}", "writable"], result.Output.Trim().Split('\n'));
    }

    [Fact]
    public void The_readmes_manual_buildx_command_works_from_the_repository_root()
    {
        // The none dev image through the front door: ./build.sh --framework none --target dev (here with the local inputs).
        var dev = Run.Process(Path.Combine(RepoPaths.Container, "build.sh"),
            ["--framework", "none", "--target", "dev", "--build-network", "host", .. FrontendBuild.PlatformArgs, "--image-namespace", FrontendBuild.Namespace],
            RepoPaths.Container, timeoutSeconds: 1800);
        Assert.True(dev.ExitCode == 0, dev.Output + dev.Error);

        // README's command verbatim, plus the offline values: the frontend base (RUNTIME_IMAGE) and the local base's Python, and --network host for apt.
        var tag = $"{FrontendBuild.Namespace}/dynamo:itest-manual-none-frontend";
        string[] manual =
        [
            "buildx", "build", "--load", "--platform", "linux/amd64",
            "--build-arg", $"DYNAMO_BASE_IMAGE={FrontendBuild.Namespace}/dynamo:latest-none-dev",
            "--build-arg", $"EPP_IMAGE={FrontendBuild.EppTag}",
            "--build-arg", $"PYTHON_VERSION={FrontendBuild.PythonVersion}",
            "--build-arg", "RUNTIME_IMAGE=local/debian", "--build-arg", "RUNTIME_IMAGE_TAG=bookworm", "--network", "host",
            "-f", "container/Dockerfile.frontend", "-t", tag, ".",
        ];
        try
        {
            var built = Run.Process("docker", manual, RepoPaths.Root, timeoutSeconds: 1800);
            Assert.True(built.ExitCode == 0, built.Error);
            Assert.Equal(GaieFixture.Output(build.Gaie.Commit, GaieFixture.Tag), DockerCli.RunImage(tag).Output.Trim());
            Assert.Equal("ok", DockerCli.Sh(tag, "python -c 'import dynamo' && echo ok").Output.Trim());

            // README's own PYTHON_VERSION=3.12 against a 3.11 venv: refused with a clear message, not a broken image (docs/decisions.md §2.20).
            string[] wrongPython = [.. manual.Select(a => a == $"PYTHON_VERSION={FrontendBuild.PythonVersion}" ? "PYTHON_VERSION=3.12" : a == tag ? tag + "-wrong" : a)];
            var refused = Run.Process("docker", wrongPython, RepoPaths.Root, timeoutSeconds: 1800);
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains($"PYTHON_VERSION=3.12, but the venv of DYNAMO_BASE_IMAGE runs Python {FrontendBuild.PythonVersion}", refused.Error, StringComparison.Ordinal);
        }
        finally
        {
            DockerCli.Cli("image", "rm", tag);
            DockerCli.Cli("image", "rm", tag + "-wrong");
        }
    }
}
