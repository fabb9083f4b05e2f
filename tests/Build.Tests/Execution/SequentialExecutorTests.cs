using System.Security.Cryptography;
using System.Text;
using Build.Docker;
using Build.Execution;
using Build.Facts;
using Build.Tests.Facts;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Execution;

/// <summary>
/// What the executor records of pushes from a builder (docs/decisions.md §6.6): a push build's digest from its own
/// metadata file, a bake of pushes' digests from the bake's metadata file, one entry per target; and a Publish on a
/// remote builder through the host against a stub docker (no BuildKit daemon here: the stub answers as buildx does).
/// </summary>
public sealed class SequentialExecutorTests
{
    private static readonly DockerBuildSettings Build = new() { ContextPath = "/repo", File = "/repo/container/Dockerfile.vllm", Builder = "pool", Platform = "linux/arm64" };

    private static readonly DockerBuildPushSettings FromBuilder = new(Build, "dynamo:v1-vllm-runtime", ["r/dynamo:v1-vllm-runtime", "r/dynamo:latest-vllm-runtime"]);

    private static readonly DockerPushByDigestSettings ByDigest = new(Build, "dynamo:v1-vllm", "r/dynamo", ["r/dynamo:v1-vllm"]);

    private static readonly DockerBakePushSettings Bake = new(
        new DockerBakeSettings { Targets = [], MetadataFile = "/repo/.build/metadata/push-bake.json" },
        [new BakePush("runtime", FromBuilder), new BakePush("dev", ByDigest)]);

    [Fact]
    public void A_bake_of_pushes_records_every_reference_of_each_target_with_that_targets_digest()
    {
        const string metadata = """
            {
              "buildx.build.warnings": [],
              "base": { "buildx.build.ref": "pool/pool0/abc" },
              "runtime": { "containerimage.digest": "sha256:1111", "image.name": "r/dynamo:v1-vllm-runtime,r/dynamo:latest-vllm-runtime" },
              "dev": { "containerimage.digest": "sha256:2222" }
            }
            """;

        var pushed = SequentialExecutor.PushedByBake("bake 2 pushes from builder pool", Bake, metadata);

        Assert.Equal(
            [
                new PushedImage("dynamo:v1-vllm-runtime", "r/dynamo:v1-vllm-runtime", "sha256:1111"),
                new PushedImage("dynamo:v1-vllm-runtime", "r/dynamo:latest-vllm-runtime", "sha256:1111"),
            ],
            pushed.Take(2));
        var dev = pushed[2];
        Assert.Equal(("dynamo:v1-vllm", "r/dynamo", "sha256:2222", "linux/arm64", "r/dynamo"), (dev.Source, dev.Reference, dev.Digest, dev.Platform, dev.Repository));
        Assert.Equal(["r/dynamo:v1-vllm"], dev.ManifestTags);
    }

    [Fact]
    public void A_pushed_target_without_a_digest_is_named_with_the_metadata_file()
    {
        var missing = Assert.Throws<EnvironmentException>(() => SequentialExecutor.PushedByBake("bake 2 pushes from builder pool", Bake, """{ "runtime": { "containerimage.digest": "sha256:1111" } }"""));
        Assert.Equal("bake 2 pushes from builder pool succeeded, but buildx wrote no image digest to target dev of /repo/.build/metadata/push-bake.json", missing.Message);

        var none = Assert.Throws<EnvironmentException>(() => SequentialExecutor.PushedByBake("bake 2 pushes from builder pool", Bake, null));
        Assert.EndsWith("to target runtime of /repo/.build/metadata/push-bake.json", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_push_build_records_each_name_it_was_pushed_under_with_one_digest()
    {
        Assert.Equal(
            ["r/dynamo:v1-vllm-runtime sha256:3333", "r/dynamo:latest-vllm-runtime sha256:3333"],
            SequentialExecutor.Pushed("push", FromBuilder, "sha256:3333", "/m.json").Select(p => $"{p.Reference} {p.Digest}"));
        Assert.Equal("push succeeded, but buildx wrote no image digest to /m.json", Assert.Throws<EnvironmentException>(() => SequentialExecutor.Pushed("push", FromBuilder, null, "/m.json")).Message);
    }

    [Fact]
    [Trait("Category", "Process")]
    public void A_publish_on_a_remote_builder_bakes_the_builds_then_the_pushes_and_reports_the_digest_buildx_wrote_for_the_pushed_target()
    {
        using var docker = new StubDocker();
        var dir = Directory.CreateTempSubdirectory("remote-publish-").FullName;
        var metadata = Path.Combine(RepoPaths.Root, ".build", "metadata", "push-bake.json");
        var hadMetadata = File.Exists(metadata);
        try
        {
            var inspect = Path.Combine(dir, "inspect.txt");
            var report = Path.Combine(dir, "report.json");
            File.WriteAllText(inspect, BuilderFactsTests.Remote);
            var environment = docker.Environment(buildxVersion: "0.29.1");
            environment["STUB_BUILDER_INSPECT"] = inspect;
            environment["STUB_BAKE_METADATA"] = "1";

            var result = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"),
                ["--target", "BuildRuntime", "--target", "Publish", "--framework", "vllm", "--builder", "pool", "--registry", "127.0.0.1:5000/team", "--allow-dirty", "--report-json", report],
                RepoPaths.Root, environment);

            Assert.True(result.ExitCode == 0, result.ToString());

            // Two bakes on the builder, no build of its own (it would ask a registry for the base).
            Assert.Equal(2, docker.Calls.Count(c => c is ["buildx", "bake", ..]));
            Assert.Empty(docker.Builds);
            var definition = JObject.Parse(docker.BakeDefinition!);
            var targets = definition["group"]!["default"]!["targets"]!.Select(t => (string)t!).ToList();
            Assert.Equal(2, targets.Count);
            Assert.StartsWith("target:", (string?)((JProperty)definition["target"]![targets[1]]!["contexts"]!.Single()).Value, StringComparison.Ordinal);

            var pushed = Assert.Single((JArray)JObject.Parse(File.ReadAllText(report))["pushed"]!);
            Assert.StartsWith("127.0.0.1:5000/team/dynamo:", (string?)pushed["reference"], StringComparison.Ordinal);
            Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(targets[1]))), (string?)pushed["digest"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);

            // The metadata file the run wrote in the checkout's .build, unless one was there before.
            if (!hadMetadata)
            {
                File.Delete(metadata);
            }
        }
    }
}
