using Build.Docker;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Docker;

/// <summary>Golden argv and bake JSON of the registry features: exporters, annotations, attestations, pass-through, imagetools.</summary>
public sealed class RegistryDockerSettingsTests
{
    private static readonly DockerBuildSettings Pushed = new()
    {
        File = "/r/container/Dockerfile",
        ContextPath = "/r",
        Target = "runtime",
        Platform = "linux/arm64",
        CacheFrom = ["type=registry,ref=r.example.com/ci/dynamo-cache:none-runtime-arm64-feat-x", "type=registry,ref=r.example.com/ci/dynamo-cache:none-runtime-arm64-main"],
        CacheTo = ["type=registry,ref=r.example.com/ci/dynamo-cache:none-runtime-arm64-feat-x,mode=max"],
        Outputs = ["type=image,name=r.example.com/team/dynamo:1.0-none-runtime-arm64,push=true"],
        Annotations = ["manifest:org.opencontainers.image.version=1.0"],
        Provenance = true,
        Sbom = false,
        MetadataFile = "/r/.build/metadata/x.json",
        ExtraFlags = ["--ssh=default", "--shm-size=2g"],
    };

    [Fact]
    public void A_build_maps_outputs_annotations_attestations_metadata_and_pass_through_flags_before_the_context()
    {
        Assert.Equal(
            "build -f /r/container/Dockerfile --target runtime --platform linux/arm64"
            + " --cache-from type=registry,ref=r.example.com/ci/dynamo-cache:none-runtime-arm64-feat-x"
            + " --cache-from type=registry,ref=r.example.com/ci/dynamo-cache:none-runtime-arm64-main"
            + " --cache-to type=registry,ref=r.example.com/ci/dynamo-cache:none-runtime-arm64-feat-x,mode=max"
            + " --output type=image,name=r.example.com/team/dynamo:1.0-none-runtime-arm64,push=true"
            + " --annotation manifest:org.opencontainers.image.version=1.0 --provenance true --sbom false"
            + " --metadata-file /r/.build/metadata/x.json --ssh=default --shm-size=2g /r",
            string.Join(' ', Pushed.ToArguments().Select(a => a.Value)));
    }

    [Fact]
    public void With_a_builder_an_explicit_output_replaces_load()
    {
        var argv = (Pushed with { Builder = "multi" }).ToArguments().Select(a => a.Value).ToList();
        Assert.Equal(["buildx", "build", "--builder", "multi", "-f"], argv.Take(5));
        Assert.DoesNotContain("--load", argv);
        Assert.Contains("--load", (Pushed with { Builder = "multi", Outputs = [] }).ToArguments().Select(a => a.Value));
    }

    [Fact]
    public void Unset_switches_add_nothing()
    {
        var plain = new DockerBuildSettings { File = "/r/Dockerfile", ContextPath = "/r" };
        Assert.Equal("build -f /r/Dockerfile /r", string.Join(' ', plain.ToArguments().Select(a => a.Value)));
    }

    /// <summary>Pushed as a bake target: bake writes one metadata file for all targets, not one per target.</summary>
    private static readonly DockerBuildSettings Baked = Pushed with { MetadataFile = null };

    [Fact]
    public void The_bake_target_carries_the_same_caches_outputs_annotations_attestations_and_pass_through_flags()
    {
        var target = (JObject)DockerBakeSettings.Render([new BakeTarget("runtime-none", Baked)])["target"]!["runtime-none"]!;
        Assert.Equal(["default"], target["ssh"]!.Select(t => (string)t!));
        Assert.Equal("2g", (string?)target["shm-size"]);
        Assert.Equal(Pushed.CacheFrom, target["cache-from"]!.Select(t => (string)t!));
        Assert.Equal(Pushed.CacheTo, target["cache-to"]!.Select(t => (string)t!));
        Assert.Equal(["type=image,name=r.example.com/team/dynamo:1.0-none-runtime-arm64,push=true"], target["output"]!.Select(t => (string)t!));
        Assert.Equal(["manifest:org.opencontainers.image.version=1.0"], target["annotations"]!.Select(t => (string)t!));
        Assert.Equal(["type=provenance,mode=min", "type=sbom,disabled=true"], target["attest"]!.Select(t => (string)t!));

        var plain = (JObject)DockerBakeSettings.Render([new BakeTarget("p", Baked with { Outputs = [], Annotations = [], Provenance = null, Sbom = null, ExtraFlags = [] })])["target"]!["p"]!;
        Assert.Equal(["type=docker"], plain["output"]!.Select(t => (string)t!));
        Assert.Null(plain["annotations"]);
        Assert.Null(plain["attest"]);
    }

    [Fact]
    public void Bake_overrides_go_to_set_after_the_definition()
    {
        var bake = new DockerBakeSettings { Targets = [new BakeTarget("p", Baked with { ExtraFlags = [] })], Overrides = ["*.args.FOO=bar", "p.platform=linux/amd64"] };
        Assert.Equal(
            "buildx bake --file - --progress rawjson --set *.args.FOO=bar --set p.platform=linux/amd64 default",
            string.Join(' ', bake.ToArguments().Select(a => a.Value)));
    }

    [Fact]
    public void Imagetools_create_tags_annotates_and_lists_the_sources_by_digest()
    {
        var create = new DockerImagetoolsCreateSettings(["r/team/dynamo:1.0-none", "r/team/dynamo:latest-none"], ["r/team/dynamo@sha256:aa", "r/team/dynamo@sha256:bb"])
        {
            Annotations = ["index:org.opencontainers.image.version=1.0"],
        };
        Assert.Equal(
            "docker buildx imagetools create --tag r/team/dynamo:1.0-none --tag r/team/dynamo:latest-none --annotation index:org.opencontainers.image.version=1.0 r/team/dynamo@sha256:aa r/team/dynamo@sha256:bb",
            create.ShellLine("docker"));
        Assert.Equal("docker buildx imagetools inspect r/team/dynamo:1.0-none --format '{{json .Manifest}}'",
            new DockerImagetoolsInspectSettings("r/team/dynamo:1.0-none", "{{json .Manifest}}").ShellLine("docker"));
    }

    [Theory]
    [InlineData("docker.io", false)]
    [InlineData("example.com/Team", false)]
    [InlineData("example.com", false)]
    [InlineData("noregistry/team", false)]
    [InlineData("127.0.0.1:5000/ci", true)]
    [InlineData("localhost/ci/cache", true)]
    [InlineData("gha", true)]
    public void A_cache_registry_is_a_namespace_in_a_registry_or_gha(string value, bool valid)
    {
        Assert.Equal(valid, CacheRegistry.TryParse(value, out var why) is not null);
        Assert.Equal(valid, why.Length == 0);
    }

    [Theory]
    [InlineData("main", "main")]
    [InlineData("feature/x", "feature-x")]
    [InlineData("dependabot/pip/Foo_1.2", "dependabot-pip-Foo_1.2")]
    [InlineData("--weird--", "weird")]
    [InlineData("/", "main")]
    public void A_branch_becomes_a_tag_part(string branch, string expected) => Assert.Equal(expected, CacheRegistry.TagPart(branch));

    [Fact]
    public void A_long_branch_is_cut_so_the_tag_stays_valid()
    {
        var part = CacheRegistry.TagPart(new string('b', 300));
        Assert.Equal(64, part.Length);
    }

    [Fact]
    public void Registry_and_gha_caches_read_the_branch_then_main_and_write_the_branch()
    {
        var registry = CacheRegistry.TryParse("127.0.0.1:5000/ci", out _)!;
        Assert.Equal(["type=registry,ref=127.0.0.1:5000/ci/dynamo-cache:vllm-base-feat-a", "type=registry,ref=127.0.0.1:5000/ci/dynamo-cache:vllm-base-main"], registry.From("vllm-base", "feat/a"));
        Assert.Equal("type=registry,ref=127.0.0.1:5000/ci/dynamo-cache:vllm-base-feat-a,mode=max,ignore-error=true", registry.To("vllm-base", "feat/a"));
        Assert.Equal(["type=registry,ref=127.0.0.1:5000/ci/dynamo-cache:vllm-base-main"], registry.From("vllm-base", "main"));

        var gha = CacheRegistry.TryParse("gha", out _)!;
        Assert.Equal(["type=gha,scope=dynamo-cache-epp-pr-7", "type=gha,scope=dynamo-cache-epp-main"], gha.From("epp", "pr/7"));
        Assert.Equal("type=gha,scope=dynamo-cache-epp-pr-7,mode=max,ignore-error=true", gha.To("epp", "pr/7"));
        Assert.Equal("type=gha,scope=dynamo-cache-epp-pr-7,mode=max", gha.To("epp", "pr/7", strict: true));
    }

    [Theory]
    [InlineData(true, "type=image,name=r.example.com/team/dynamo,push-by-digest=true,name-canonical=true,push=true")]
    [InlineData(false, "type=image,name=r.example.com/team/dynamo:1.0-none-runtime-arm64,push=true,store=false")]
    public void A_push_goes_by_digest_alone_or_under_its_per_architecture_tag_without_a_local_image(bool byDigest, string output)
    {
        Assert.Equal(output, DockerPushByDigestSettings.Output("r.example.com/team/dynamo", "1.0-none-runtime-arm64", byDigest));
    }
}
