using Build.Tests.Integration.Support;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace Build.Tests.Integration;

/// <summary>Assertions on the images the host really built (issue 3): config, users, tools, secrets, report.</summary>
[Collection(ImageMatrixCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RealImageTests(ImageMatrix matrix, ITestOutputHelper output)
{
    public static TheoryData<string> Frameworks => new(ImageMatrix.Frameworks);

    private string Image(string framework, string suffix) => $"{ImageMatrix.Namespace}/dynamo:{matrix.Version}-{framework}{suffix}";

    private static string Latest(string framework, string suffix) => $"{ImageMatrix.Namespace}/dynamo:latest-{framework}{suffix}";

    [Fact]
    public void The_report_lists_every_built_image_with_its_real_id()
    {
        output.WriteLine($"matrix build: {matrix.MatrixDuration.TotalSeconds:0} s; --dev-image builds: {matrix.DevImageDuration.TotalSeconds:0} s");
        var images = (JArray)matrix.Report["images"]!;
        Assert.True((bool)matrix.Report["succeeded"]!);
        Assert.Equal(3 + (4 * 3), images.Count); // bases of vllm/sglang/trtllm; dev, runtime, local-dev of all four
        foreach (var image in images)
        {
            var tag = (string)image["tags"]![0]!;
            Assert.Equal(DockerCli.ImageId(tag), (string?)image["imageId"]);
            Assert.True((long)image["sizeBytes"]! > 0);
        }

        Assert.Contains("built", matrix.Result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Frameworks))]
    public void Runtime_images_run_as_dynamo_with_the_platform_tools(string framework)
    {
        var image = Image(framework, "-runtime");

        var config = DockerCli.Inspect(image)["Config"]!;
        Assert.Equal("dynamo", (string?)config["User"]);
        Assert.Equal("/workspace", (string?)config["WorkingDir"]);
        Assert.Equal(matrix.Version, (string?)config["Labels"]!["org.opencontainers.image.version"]);
        Assert.NotNull((string?)config["Labels"]!["org.opencontainers.image.revision"]);
        var env = config["Env"]!.Select(e => (string)e!).ToList();
        if (framework is "vllm" or "trtllm")
        {
            Assert.Contains("VIRTUAL_ENV=/opt/dynamo/venv", env);
            Assert.Contains(env, e => e.StartsWith("PATH=/opt/dynamo/venv/bin:", StringComparison.Ordinal));
        }

        var check = DockerCli.Sh(image, $"""
            set -e
            id
            python -m dynamo.frontend
            {(framework == "none" ? "" : $"python -m dynamo.{framework}")}
            nats-server --version
            etcd --version | head -1
            touch /workspace/written-by-runtime-user
            if command -v sudo; then echo "sudo present"; exit 3; fi
            """);
        Assert.True(check.ExitCode == 0, check.Output + check.Error);
        Assert.Contains("uid=1000(dynamo) gid=0(root)", check.Output, StringComparison.Ordinal);
        Assert.Contains("dynamo.frontend", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sglang_runtime_uses_system_site_packages_without_a_venv()
    {
        var check = DockerCli.Sh(Image("sglang", "-runtime"), "test ! -e /opt/dynamo/venv && python -c 'import dynamo, sys; print(sys.prefix)'");
        Assert.True(check.ExitCode == 0, check.Output + check.Error);
        Assert.DoesNotContain("/opt/dynamo/venv", check.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Frameworks))]
    public void Dev_images_have_the_build_tools_and_the_expected_user(string framework)
    {
        var image = Image(framework, "");
        var check = DockerCli.Sh(image, "set -e; id -u; cargo --version; rustc --version; test \"$CARGO_HOME\" = /usr/local/cargo; test \"$RUSTUP_HOME\" = /usr/local/rustup; python -m dynamo.frontend");
        Assert.True(check.ExitCode == 0, check.Output + check.Error);
        // The framework dev images run as root; none's dev stage ends as dynamo (1000) (docs/decisions.md §1.8).
        Assert.StartsWith(framework == "none" ? "1000" : "0", check.Output, StringComparison.Ordinal);
        if (framework != "none")
        {
            Assert.Contains("CARGO_TARGET_DIR=/workspace/target", DockerCli.Inspect(image)["Config"]!["Env"]!.Select(e => (string)e!));
        }

        // The venv belongs to dynamo (1000:0), the directory and every file in it.
        var venv = DockerCli.Sh(image, "stat -c '%u:%g' /opt/dynamo/venv; find /opt/dynamo/venv ! -user 1000 -print -quit; find /opt/dynamo/venv ! -group 0 -print -quit");
        Assert.True(venv.ExitCode == 0, venv.Output + venv.Error);
        Assert.Equal("1000:0", venv.Output.Trim());
    }

    [Theory]
    [MemberData(nameof(Frameworks))]
    public void Local_dev_images_run_as_dynamo_with_the_given_ids_and_sudo(string framework)
    {
        var image = Image(framework, "-local-dev");
        var config = DockerCli.Inspect(image)["Config"]!;
        Assert.Equal("dynamo", (string?)config["User"]);
        Assert.Equal("/workspace", (string?)config["WorkingDir"]);
        Assert.Contains("CARGO_TARGET_DIR=/workspace/target", config["Env"]!.Select(e => (string)e!));

        var check = DockerCli.Sh(image, "set -e; id; sudo -n true; echo sudo-ok; touch /usr/local/cargo/written; cargo --version; echo $HOME");
        Assert.True(check.ExitCode == 0, check.Output + check.Error);
        Assert.Contains("uid=2000(dynamo) gid=3000", check.Output, StringComparison.Ordinal);
        Assert.Contains("0(root)", check.Output.Split('\n')[0].Split("groups=")[1], StringComparison.Ordinal);
        Assert.Contains("sudo-ok", check.Output, StringComparison.Ordinal);
        Assert.Contains("/home/dynamo", check.Output, StringComparison.Ordinal);
        Assert.Equal(DockerCli.ImageId(image), DockerCli.ImageId(Latest(framework, "-local-dev")));
    }

    [Theory]
    [MemberData(nameof(Frameworks))]
    public void Local_dev_from_an_existing_dev_image_honours_tag_and_ids(string framework)
    {
        var check = DockerCli.Sh(ImageMatrix.DevImageTag(framework), "set -e; id -u; id -g; sudo -n true; echo ok");
        Assert.True(check.ExitCode == 0, check.Output + check.Error);
        Assert.Equal(["1234", "1234", "ok"], check.Output.Trim().Split('\n'));
    }

    [Fact]
    public void The_token_never_lands_in_any_image()
    {
        var images = ((JArray)matrix.Report["images"]!).Select(i => (string)i["tags"]![0]!)
            .Concat(ImageMatrix.Frameworks.Select(ImageMatrix.DevImageTag)).ToList();
        foreach (var image in images)
        {
            Assert.DoesNotContain(ImageMatrix.Token, DockerCli.Ok("history", "--no-trunc", image), StringComparison.Ordinal);
            Assert.DoesNotContain(ImageMatrix.Token, DockerCli.Ok("image", "inspect", image), StringComparison.Ordinal);
        }

        // Every file of every layer (and the configs), not only what docker shows of the images.
        Assert.Empty(ImageFiles.FilesContaining(images, ImageMatrix.Token));
        Assert.DoesNotContain(ImageMatrix.Token, matrix.Result.Output + matrix.Result.Error, StringComparison.Ordinal);

        // The scan finds a token where there is one: an image of this test with the token in a file of its own.
        var control = TestRun.Image("token-control", "latest");
        var built = Run.Process("docker", ["build", "--network", "none", "-q", "-t", control, "-"], Path.GetTempPath(),
            input: $"FROM {LocalBuildInputs.BaseImage}\nRUN mkdir -p /opt/x && echo 'HF_TOKEN={ImageMatrix.Token}' > /opt/x/leak.env\n");
        try
        {
            Assert.True(built.ExitCode == 0, built.Error);
            Assert.Contains(ImageFiles.FilesContaining([control], ImageMatrix.Token), f => f.EndsWith("opt/x/leak.env", StringComparison.Ordinal));
        }
        finally
        {
            DockerCli.Cli("image", "rm", control);
        }
    }

    [Fact]
    public void A_failing_step_fails_the_task_with_dockers_code_and_moves_no_latest_tag()
    {
        var latest = Latest("vllm", "-runtime");
        var before = DockerCli.ImageId(latest);
        var report = Path.Combine(Path.GetTempPath(), $"failed-{Guid.NewGuid():N}.json");

        // A package version the index does not have: the pip step of the runtime stage fails.
        var result = ImageMatrix.Host(
        [
            "--framework", "vllm", "--target", "BuildRuntime", "--exclusive", .. LocalBuildInputs.HostArgs,
            "--build-arg", "DYNAMO_PACKAGE_VERSION=99.0.0", "--report-json", report,
        ]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.NotEqual(2, result.ExitCode);
        Assert.Contains(Image("vllm", "-runtime"), result.Error, StringComparison.Ordinal);
        Assert.Equal(before, DockerCli.ImageId(latest));
        var failed = JObject.Parse(File.ReadAllText(report));
        Assert.False((bool)failed["succeeded"]!);
        Assert.Equal(result.ExitCode, (int)failed["images"]![0]!["failedExitCode"]!);
        File.Delete(report);
    }

    [Fact]
    public void A_warm_rebuild_is_all_cached()
    {
        var before = ((JArray)matrix.Report["images"]!).Select(i => (string)i["tags"]![0]!).ToDictionary(t => t, DockerCli.ImageId);
        var report = Path.Combine(Path.GetTempPath(), $"warm-{Guid.NewGuid():N}.json");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = ImageMatrix.Host(
        [
            "--framework", "all", "--target", "BuildRuntime", "--target", "BuildLocalDev", "--uid", "2000", "--gid", "3000",
            .. LocalBuildInputs.HostArgs, .. LocalBuildInputs.TrtllmArgs, "--report-json", report, "--executor", "bake",
        ]);
        output.WriteLine($"warm matrix build: {clock.Elapsed.TotalSeconds:0} s");
        Assert.True(result.ExitCode == 0, result.ToString());

        // Counted from BuildKit's own progress (every vertex's "cached" flag in --progress rawjson, per image in the
        // report): every instruction step of every build came from the cache. (The same bake as the matrix: a build of
        // the other executor takes Build 1 from the tagged image instead of the solve, which BuildKit keys differently.)
        var images = (JArray)JObject.Parse(File.ReadAllText(report))["images"]!;
        File.Delete(report);
        Assert.Equal(before.Count, images.Count);
        foreach (var image in images.Where(i => i["steps"]!.Type != JTokenType.Null))
        {
            var steps = image["steps"]!;
            Assert.True((int)steps["total"]! > 0 && (int)steps["run"]! == 0 && (int)steps["cached"]! == (int)steps["total"]!, $"{image["tags"]![0]}: {steps}");
        }

        // An image another image of the bake builds on (a base, a dev image) may have no steps of its own: the solve shares
        // them with that image and BuildKit reports them there. The images nothing builds on always have their own.
        Assert.All(
            images.Where(i => ((string)i["tags"]![0]!).EndsWith("-runtime", StringComparison.Ordinal) || ((string)i["tags"]![0]!).EndsWith("-local-dev", StringComparison.Ordinal)),
            i => Assert.NotEqual(JTokenType.Null, i["steps"]!.Type));
        Assert.Equal(DockerCli.ImageId(Image("vllm", "-runtime")), DockerCli.ImageId(Latest("vllm", "-runtime")));
        Assert.Equal(before, before.Keys.ToDictionary(t => t, DockerCli.ImageId));
    }
}
