using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Support;

/// <summary>The real Docker engine. Tests that need it fail (never skip) when it is absent.</summary>
public static class DockerCli
{
    public static void Require()
    {
        Run.Result info;
        try
        {
            info = Run.Process("docker", ["info", "--format", "{{.ServerVersion}}"]);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("These tests need the docker client and a running Docker engine (tools/install-docker-engine.sh): " + e.Message);
        }

        Assert.True(info.ExitCode == 0, "These tests need a running Docker engine (tools/install-docker-engine.sh): " + info.Error);
        TestRun.Starting();
    }

    /// <summary>Fails with the tool that makes it when a prerequisite image is missing (.ci/run makes them; tests never do).</summary>
    public static void RequireImage(string image, string tool)
    {
        Require();
        Assert.True(ImageId(image) is not null, $"These tests need the image {image}: run {tool} first (.ci/run does).");
    }

    public static Run.Result Cli(params string[] args) => Run.Process("docker", args);

    public static string Ok(params string[] args)
    {
        var result = Cli(args);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)} failed ({result.ExitCode}): {result.Error}");
        return result.Output.Trim();
    }

    public static JObject Inspect(string image) => (JObject)JArray.Parse(Ok("image", "inspect", image))[0];

    public static string? ImageId(string image)
    {
        var result = Cli("image", "inspect", "--format", "{{.Id}}", image);
        return result.ExitCode == 0 ? result.Output.Trim() : null;
    }

    /// <summary>
    /// docker run --rm --network none [FLAGS] --entrypoint sh IMAGE -c SCRIPT (no network: nothing leaves the machine),
    /// named under the run's prefix so that one left by an interrupted test is swept by name.
    /// </summary>
    public static Run.Result Sh(string image, string script, params string[] runFlags) =>
        Cli(["run", "--rm", "--name", TestRun.ContainerName("sh"), "--network", "none", .. runFlags, "--entrypoint", "sh", image, "-c", script]);

    /// <summary>docker run --rm --network none IMAGE [ARGS] (the image's own entrypoint), named under the run's prefix.</summary>
    public static Run.Result RunImage(string image, params string[] args) =>
        Cli(["run", "--rm", "--name", TestRun.ContainerName("run"), "--network", "none", image, .. args]);
}
