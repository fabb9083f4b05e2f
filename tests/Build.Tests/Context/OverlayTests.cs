using Build.Context;
using Build.Docker;
using Build.Execution;
using Build.Planning;
using Build.Tests.Support;

namespace Build.Tests.Context;

/// <summary>
/// --context overlays: the offline overlay gives the docker argv of the README's long form. The one documented
/// difference: a --build-arg reaches every build, an overlay value only the Dockerfiles that declare its ARG.
/// </summary>
public sealed class OverlayTests : IDisposable
{
    private const string Offline = "container/context.offline.yaml";
    private const string Index = "http://127.0.0.1:8765/simple";

    /// <summary>The README's offline recipe, as --build-args (README.md, "Build locally without a registry").</summary>
    private static readonly string[] LongForm =
    [
        "--base-image", "local/debian", "--base-image-tag", "bookworm", "--build-network", "host",
        "--build-arg", "RUNTIME_IMAGE=local/debian", "--build-arg", "RUNTIME_IMAGE_TAG=bookworm",
        "--build-arg", "NATS_ETCD_SOURCE=apt", "--build-arg", "RUST_SOURCE=apt",
        "--build-arg", $"PIP_INDEX_URL={Index}",
    ];

    private static readonly HashSet<string> LongFormBuildArgs = ["RUNTIME_IMAGE", "RUNTIME_IMAGE_TAG", "NATS_ETCD_SOURCE", "RUST_SOURCE", "PIP_INDEX_URL"];

    private readonly string temp = Directory.CreateTempSubdirectory("context-overlay-").FullName;

    private static List<List<string>> Argvs(BuildContext context) =>
        context.Plan.Steps.Select(s => s.Command.ToArguments().Select(a => a.Value).ToList()).ToList();

    /// <summary>The long form's argv without the recipe's build args that the build's Dockerfile does not declare.</summary>
    private static List<string> WithoutUndeclared(List<string> argv, string dockerfile)
    {
        var declared = DockerfileDefaultsTests.DeclaredArgs(dockerfile);
        var result = new List<string>();
        for (var i = 0; i < argv.Count; i++)
        {
            if (argv[i] == "--build-arg" && argv[i + 1].Split('=')[0] is var key && LongFormBuildArgs.Contains(key) && !declared.Contains(key))
            {
                i++;
                continue;
            }

            result.Add(argv[i]);
        }

        return result;
    }

    [Fact]
    public void The_offline_overlay_is_the_long_form_for_framework_none()
    {
        string[] task = ["--framework", "none", "--target", "BuildRuntime"];
        var longForm = TestHost.Context([.. task, .. LongForm]);
        var overlay = TestHost.Context(task, TestHost.FactsWithOverlays(Offline));

        Assert.Equal(TestHost.ShellLines(longForm), TestHost.ShellLines(overlay));
        Assert.Contains($"--build-arg PIP_INDEX_URL={Index} ", TestHost.ShellLines(overlay)[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_offline_overlay_is_the_long_form_for_every_framework_less_the_args_a_dockerfile_does_not_declare()
    {
        string[] task = ["--framework", "all", "--target", "BuildRuntime"];
        var longForm = TestHost.Context([.. task, .. LongForm, "--tensorrtllm-index-url", Index]);
        var overlay = TestHost.Context(task, TestHost.FactsWithOverlays(Offline));

        var expected = longForm.Plan.Steps.Select(s => WithoutUndeclared(s.Command.ToArguments().Select(a => a.Value).ToList(), Path.GetFileName(((DockerBuildSettings)s.Command).File))).ToList();
        Assert.Equal(7, expected.Count);
        Assert.Equal(expected, Argvs(overlay));

        // The difference is real: the long form sends NATS_ETCD_SOURCE to Dockerfile.vllm, which has no such ARG.
        Assert.NotEqual(Argvs(longForm), Argvs(overlay));
    }

    [Fact]
    public void The_offline_overlay_is_the_long_form_for_the_frontend_less_the_args_it_does_not_declare()
    {
        string[] task = ["--target", "BuildFrontend", "--exclusive"];
        var longForm = TestHost.Context([.. task, .. LongForm, "--python-version", "3.11"]);
        var overlay = TestHost.Context(task, TestHost.FactsWithOverlays(Offline));

        Assert.Equal([WithoutUndeclared(Argvs(longForm)[0], "Dockerfile.frontend")], Argvs(overlay));
        Assert.Equal(
            [new("DYNAMO_BASE_IMAGE", $"dynamo:{overlay.Facts.Version.Version}-none"), new("EPP_IMAGE", $"dynamo-epp:{overlay.Facts.Version.Version}"), new("PYTHON_VERSION", "3.11"), new("RUNTIME_IMAGE", "local/debian"), new("RUNTIME_IMAGE_TAG", "bookworm")],
            ((DockerBuildSettings)overlay.Plan.Steps[0].Command).BuildArgs);
    }

    [Fact]
    public void Overlay_and_framework_build_args_come_before_the_users_and_the_user_wins()
    {
        var site = Write("site.yaml", "sources:\n  pip_index_url: https://mirror.example/simple\nframeworks:\n  none:\n    build_args:\n      FOO: bar\n      NIXL_REF: 0.6.0\n");
        var context = TestHost.Context(["--framework", "none", "--target", "BuildRuntime", "--build-arg", "PIP_INDEX_URL=https://mine/simple"], TestHost.FactsWithOverlays(site));
        var args = ((DockerBuildSettings)Assert.Single(context.Plan.Steps).Command).BuildArgs;

        Assert.Equal([new("FOO", "bar"), new("NIXL_REF", "0.6.0"), new("PIP_INDEX_URL", "https://mine/simple")], args.TakeLast(3));
        Assert.Single(args, a => a.Key == "PIP_INDEX_URL");
        Assert.Single(args, a => a.Key == "NIXL_REF");
    }

    [Fact]
    public void Overlay_urls_have_the_dockerfiles_references_expanded()
    {
        var site = Write("mirror.yaml", "nats:\n  version: v2.11.0\n  url: https://mirror.example/nats/${NATS_VERSION}/nats-${ARCH}.deb\n");
        var amd = TestHost.Context(["--framework", "none", "--target", "BuildRuntime"], TestHost.FactsWithOverlays(site));
        var arm = TestHost.Context(["--framework", "none", "--target", "BuildRuntime", "--platform", "linux/arm64"], TestHost.FactsWithOverlays(site));

        Assert.Contains(new("NATS_URL", "https://mirror.example/nats/v2.11.0/nats-amd64.deb"), ((DockerBuildSettings)amd.Plan.Steps[0].Command).BuildArgs);
        Assert.Contains(new("NATS_URL", "https://mirror.example/nats/v2.11.0/nats-arm64.deb"), ((DockerBuildSettings)arm.Plan.Steps[0].Command).BuildArgs);
    }

    [Fact]
    public void The_plan_json_records_the_context_files()
    {
        var plain = TestHost.Context(["--target", "BuildRuntime"]);
        var overlaid = TestHost.Context(["--target", "BuildRuntime"], TestHost.FactsWithOverlays(Offline));

        Assert.Equal(["container/context.yaml"], PlanOutput.ToJson(plain.Plan, "docker")["contextFiles"]!.Select(t => (string)t!));
        Assert.Equal(["container/context.yaml", Offline], PlanOutput.ToJson(overlaid.Plan, "docker")["contextFiles"]!.Select(t => (string)t!));
    }

    [Fact]
    public void ShowContext_gives_each_value_its_origin()
    {
        var context = TestHost.Context(["--target", "ShowContext", "--framework", "vllm", "--base-image-tag", "mine"], TestHost.FactsWithOverlays(Offline));
        var rows = ContextReport.Rows(context.Facts.Context, context.Options, context.Release).ToDictionary(r => r.Key);

        Assert.Equal(new ContextRow("frameworks.vllm.base_image", "local/debian", $"{Offline}:12"), rows["frameworks.vllm.base_image"]);
        Assert.Equal(new ContextRow("frameworks.vllm.base_image_tag", "mine", "--base-image-tag"), rows["frameworks.vllm.base_image_tag"]);
        Assert.Equal(new ContextRow("nixl.ref", "0.5.1", "container/context.yaml:41"), rows["nixl.ref"]);
        Assert.DoesNotContain("frameworks.trtllm.base_image", rows.Keys);
        var lines = ContextReport.Lines(context.Facts.Context, [.. rows.Values]).ToList();
        Assert.Equal($"Context files: container/context.yaml, {Offline}", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("sources.pip_extra_index_url", StringComparison.Ordinal) && l.EndsWith("  \"\"", StringComparison.Ordinal));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(temp, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(temp, recursive: true);
}
