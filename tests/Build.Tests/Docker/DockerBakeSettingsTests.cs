using Build.Docker;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Docker;

public class DockerBakeSettingsTests
{
    private static readonly DockerBuildSettings Base = new()
    {
        File = "/r/container/Dockerfile",
        ContextPath = "/r",
        Target = "dev",
        Platform = "linux/amd64",
        Network = "host",
        BuildArgs = [new("FRAMEWORK", "VLLM"), new("PIP_INDEX_URL", "x"), new("PIP_INDEX_URL", "http://127.0.0.1:1/simple")],
        Secrets = ["id=HF_TOKEN,env=HF_TOKEN"],
        Tags = ["dynamo-base:1.0-vllm"],
        Labels = [new("org.opencontainers.image.version", "1.0")],
    };

    private static readonly DockerBuildSettings Runtime = new()
    {
        File = "/r/container/Dockerfile.vllm",
        ContextPath = "/r",
        Target = "runtime",
        Platform = "linux/amd64",
        Network = "host",
        BuildArgs = [new("DYNAMO_BASE_IMAGE", "dynamo-base:1.0-vllm")],
        BuildContexts = [new("trtllm_wheel", "/tmp/dummy_dir")],
        CacheFrom = ["type=registry,ref=127.0.0.1:5000/c:vllm"],
        CacheTo = ["type=registry,ref=127.0.0.1:5000/c:vllm,mode=max"],
        Tags = ["dynamo:1.0-vllm-runtime", "dynamo:latest-vllm-runtime"],
        NoCache = true,
    };

    private static DockerBakeSettings Bake => new()
    {
        Targets = [new("base-vllm", Base), new("runtime-vllm", Runtime)],
    };

    [Fact]
    public void Argv_reads_the_definition_from_standard_input_and_allows_host_network()
    {
        Assert.Equal(
            ["buildx", "bake", "--file", "-", "--allow", "network.host", "--progress", "rawjson", "default"],
            Bake.ToArguments().Select(a => a.Value));
    }

    [Fact]
    public void No_host_network_asks_for_no_entitlement_and_a_builder_loads()
    {
        var bake = new DockerBakeSettings
        {
            Targets = [new("a", Base with { Network = null, Builder = "ci" })],
            Progress = "plain",
            MetadataFile = "/tmp/m.json",
        };
        Assert.Equal(
            ["buildx", "bake", "--file", "-", "--builder", "ci", "--load", "--progress", "plain", "--metadata-file", "/tmp/m.json", "default"],
            bake.ToArguments().Select(a => a.Value));
    }

    [Fact]
    public void Definition_carries_every_build_setting_and_links_build_2_to_build_1()
    {
        var expected = JObject.Parse("""
        {
          "group": { "default": { "targets": [ "base-vllm", "runtime-vllm" ] } },
          "target": {
            "base-vllm": {
              "context": "/r", "dockerfile": "/r/container/Dockerfile", "target": "dev", "platforms": [ "linux/amd64" ],
              "network": "host",
              "args": { "FRAMEWORK": "VLLM", "PIP_INDEX_URL": "http://127.0.0.1:1/simple" },
              "secret": [ "id=HF_TOKEN,env=HF_TOKEN" ],
              "tags": [ "dynamo-base:1.0-vllm" ],
              "labels": { "org.opencontainers.image.version": "1.0" },
              "output": [ "type=docker,compression=uncompressed" ]
            },
            "runtime-vllm": {
              "context": "/r", "dockerfile": "/r/container/Dockerfile.vllm", "target": "runtime", "platforms": [ "linux/amd64" ],
              "network": "host",
              "args": { "DYNAMO_BASE_IMAGE": "dynamo-base:1.0-vllm" },
              "contexts": { "trtllm_wheel": "/tmp/dummy_dir", "dynamo-base:1.0-vllm": "target:base-vllm" },
              "cache-from": [ "type=registry,ref=127.0.0.1:5000/c:vllm" ],
              "cache-to": [ "type=registry,ref=127.0.0.1:5000/c:vllm,mode=max" ],
              "tags": [ "dynamo:1.0-vllm-runtime", "dynamo:latest-vllm-runtime" ],
              "no-cache": true,
              "output": [ "type=docker" ]
            }
          }
        }
        """);
        Assert.True(JToken.DeepEquals(expected, JObject.Parse(Bake.Definition)), Bake.Definition);
    }

    [Fact]
    public void An_image_built_later_or_not_at_all_is_not_linked_and_keeps_compressed_layers()
    {
        var bake = new DockerBakeSettings { Targets = [new("runtime-vllm", Runtime), new("base-vllm", Base)] };
        var targets = JObject.Parse(bake.Definition)["target"]!;
        Assert.Null(targets["runtime-vllm"]!["contexts"]!["dynamo-base:1.0-vllm"]);
        Assert.Equal("type=docker", (string?)targets["base-vllm"]!["output"]![0]);
    }

    [Fact]
    public void A_base_the_next_target_names_in_a_context_of_its_own_is_not_linked_and_keeps_compressed_layers()
    {
        var own = Runtime with { BuildContexts = [new("dynamo-base:1.0-vllm", "docker-image://dynamo-base:1.0-vllm")] };
        var targets = JObject.Parse(new DockerBakeSettings { Targets = [new("base-vllm", Base), new("runtime-vllm", own)] }.Definition)["target"]!;
        Assert.Equal("docker-image://dynamo-base:1.0-vllm", (string?)targets["runtime-vllm"]!["contexts"]!["dynamo-base:1.0-vllm"]);
        Assert.Equal("type=docker", (string?)targets["base-vllm"]!["output"]![0]);
    }

    [Fact]
    public void Shell_line_is_the_command_with_its_definition_as_a_quoted_here_document()
    {
        var line = Bake.ShellLine("docker");
        Assert.StartsWith("docker buildx bake --file - --allow network.host --progress rawjson default <<'BAKE'\n{\n", line, StringComparison.Ordinal);
        Assert.EndsWith("\n}\nBAKE", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dynamo:1.0.dev.abc-vllm-runtime", "dynamo-1-0-dev-abc-vllm-runtime")]
    [InlineData("127.0.0.1:5000/ns/dynamo-base:x_y", "127-0-0-1-5000-ns-dynamo-base-x_y")]
    public void Target_names_keep_only_what_bake_accepts(string tag, string expected) =>
        Assert.Equal(expected, DockerBakeSettings.TargetName(tag));
}
