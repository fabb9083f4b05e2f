using Build.Docker;
using Build.Facts;
using Build.Options;
using Build.Planning;
using Build.Tests.Facts;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Planning;

/// <summary>
/// What the builder decides (docs/decisions.md §6.6), planned from builder descriptions instead of a real builder:
/// the platform check of a release, the pushes straight from a builder that is not this engine, what is loaded, and
/// one bake on a multi-node builder.
/// </summary>
public sealed class BuilderPlanningTests
{
    private const string V = "v0.4.1.dev.abc1234";
    private const string Labels = "--label org.opencontainers.image.version=v0.4.1.dev.abc1234 --label org.opencontainers.image.revision=abc1234abc1234abc1234abc1234abc1234abc12 --label org.opencontainers.image.created=2026-01-02T03:04:05Z";
    private const string Annotations = "--annotation manifest:org.opencontainers.image.version=v0.4.1.dev.abc1234 --annotation manifest:org.opencontainers.image.revision=abc1234abc1234abc1234abc1234abc1234abc12 --annotation manifest:org.opencontainers.image.created=2026-01-02T03:04:05Z";
    private const string NoneArgs = "--build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/cuda-dl-base --build-arg BASE_IMAGE_TAG=25.01-cuda12.8-devel-ubuntu24.04 --build-arg FRAMEWORK=NONE --build-arg NONE_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg NIXL_UCX_REF=v1.19.0";

    private static readonly string[] TwoPlatforms = ["--target", "BuildRuntime", "--target", "Publish", "--registry", "127.0.0.1:5000/team", "--allow-dirty", "--platform", "linux/amd64,linux/arm64", "--framework", "none", "--dry-run"];

    private static readonly string[] PublishNone = ["--target", "BuildRuntime", "--target", "Publish", "--registry", "127.0.0.1:5000/team", "--allow-dirty", "--framework", "none", "--dry-run"];

    private static BuilderFacts Builder(string text, string engineContext = "default") => BuilderFacts.Parse(text, engineContext, bootstrapped: false);

    private static PlanningFacts With(BuilderFacts builder, params string[] withoutRun) =>
        TestHost.ReferenceFacts() with { Builder = builder, DockerfilesWithoutRun = withoutRun.ToHashSet() };

    /// <summary>The second engine of the integration tests: a docker context, its own docker driver.</summary>
    private static BuilderFacts Second => Builder(BuilderFactsTests.Default.Replace("default", "second", StringComparison.Ordinal));

    [Fact]
    public void A_release_of_a_platform_no_node_builds_is_refused_before_anything_naming_the_platform_and_both_remedies()
    {
        var e = Assert.Throws<EnvironmentException>(() => TestHost.Context(TwoPlatforms, With(Builder(BuilderFactsTests.Default))));
        Assert.Equal(
            "--platform linux/arm64: builder 'default' (driver docker) cannot build it: no node runs linux/arm64 (its nodes run linux/amd64, linux/amd64/v2, linux/amd64/v3, linux/amd64/v4) and nothing emulates it, and /repo/container/Dockerfile has RUN steps. "
            + "Add a native linux/arm64 node ('docker buildx create --append --name NAME --platform linux/arm64 ENDPOINT', or tools/create-builder.sh; then --builder NAME), "
            + "or install emulation where the builder runs ('docker run --privileged --rm tonistiigi/binfmt --install arm64'); nothing was built or pushed.",
            e.Message);
    }

    [Fact]
    public void Dockerfiles_without_a_RUN_step_build_for_any_platform_and_the_note_says_so()
    {
        var context = TestHost.Context(TwoPlatforms, With(Builder(BuilderFactsTests.Default), "/repo/container/Dockerfile"));
        Assert.Contains("Builder 'default' (driver docker, this engine): linux/amd64 on default; linux/arm64 on no node, but its Dockerfiles have no RUN step.", context.Plan.Notes);
    }

    [Fact]
    public void A_builder_with_a_node_per_platform_passes_the_check_and_builds_every_platform_in_one_bake_before_any_push()
    {
        var facts = With(Builder(BuilderFactsTests.TwoNodes)) with { Buildx = new BuildxFacts("0.29.1", null) };
        var context = TestHost.Context([.. TwoPlatforms, "--builder", "pool"], facts);
        Assert.Contains("Builder 'pool' (driver remote): linux/amd64 on pool-amd64; linux/arm64 on pool-arm64.", context.Plan.Notes);

        // One bake: the local platform's image kept in the builder (a Publish from it loads nothing), the other
        // platform's into the cache; buildx sends each target to the node of its platform.
        var bake = (DockerBakeSettings)context.Plan.Bake!.Command;
        Assert.Equal(["linux/amd64", "linux/arm64"], bake.Targets.Select(t => t.Build.Platform));
        Assert.All(bake.Targets, t => Assert.Equal(["type=cacheonly"], t.Build.Outputs));
        Assert.DoesNotContain("--load", bake.ToArguments().Select(a => a.Value));
        Assert.Equal("buildx", bake.ToArguments()[0].Value);
        Assert.Equal(
            ["bake 2 images", "push 127.0.0.1:5000/team/dynamo (linux/amd64) by digest", "push 127.0.0.1:5000/team/dynamo (linux/arm64) by digest", $"manifest list 127.0.0.1:5000/team/dynamo:{V}-none-runtime"],
            context.Plan.ExecutionOrder.Select(s => s.Title));
    }

    [Fact]
    public void A_publish_on_a_builder_that_is_not_this_engine_pushes_from_the_builder_and_loads_nothing()
    {
        string[] expected =
        [
            "mkdir -p /repo/.build/metadata",
            $"docker --context second buildx build --builder second -f /repo/container/Dockerfile --target runtime --platform linux/amd64 {NoneArgs} --tag dynamo:{V}-none-runtime --tag dynamo:latest-none-runtime {Labels} --output type=cacheonly /repo",
            $"docker --context second buildx build --builder second -f /repo/container/Dockerfile --target runtime --platform linux/amd64 {NoneArgs} {Labels} --output type=image,name=127.0.0.1:5000/team/dynamo:{V}-none-runtime,push=true,store=false {Annotations}"
                + $" --metadata-file /repo/.build/metadata/127-0-0-1-5000-team-dynamo-v0-4-1-dev-abc1234-none-runtime.json /repo",
        ];
        var context = TestHost.Context([.. PublishNone, "--builder", "second"], With(Second));
        var lines = TestHost.ShellLines(context);
        Assert.Equal(expected.Length, lines.Count);
        Assert.All(expected.Zip(lines), pair => Assert.Equal(pair.First, pair.Second));
        Assert.Contains($"Not pushed (not a release; --push-latest pushes it): dynamo:latest-none-runtime", context.Plan.Notes);
        var push = Assert.Single(context.Plan.Steps.Select(s => s.Command).OfType<DockerBuildPushSettings>());
        Assert.Equal($"dynamo:{V}-none-runtime", push.Source);
        Assert.Equal([$"127.0.0.1:5000/team/dynamo:{V}-none-runtime"], push.References);
    }

    [Fact]
    public void Several_names_go_in_one_quoted_name_field_of_the_exporter()
    {
        var context = TestHost.Context([.. PublishNone, "--builder", "second", "--push-latest"], With(Second));
        var push = Assert.Single(context.Plan.Steps.Select(s => s.Command).OfType<DockerBuildPushSettings>());
        Assert.Equal([$"type=image,\"name=127.0.0.1:5000/team/dynamo:{V}-none-runtime,127.0.0.1:5000/team/dynamo:latest-none-runtime\",push=true,store=false"], push.Build.Outputs);
        Assert.DoesNotContain(context.Plan.Notes, n => n.StartsWith("Not pushed", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_on_brings_the_image_back_and_the_push_still_goes_from_the_builder()
    {
        var context = TestHost.Context([.. PublishNone, "--builder", "second", "--load", "on"], With(Second));
        var build = (DockerBuildSettings)context.Plan.Steps[0].Command;
        Assert.Empty(build.Outputs);
        Assert.Contains("--load", build.ToArguments().Select(a => a.Value));
        Assert.Single(context.Plan.Steps.Select(s => s.Command).OfType<DockerBuildPushSettings>());
        Assert.DoesNotContain(context.Plan.Steps, s => s.Command is DockerTagSettings or DockerPushSettings);
    }

    [Theory]
    [InlineData(null, "--load")]
    [InlineData("on", "--load")]
    [InlineData("off", "type=cacheonly")]
    public void A_build_only_run_on_a_builder_loads_its_images_unless_load_is_off(string? load, string expected)
    {
        string[] args = ["--target", "BuildRuntime", "--framework", "none", "--builder", "second", "--dry-run", .. load is null ? Array.Empty<string>() : ["--load", load]];
        var build = (DockerBuildSettings)TestHost.Context(args, With(Second)).Plan.Steps.Single().Command;
        Assert.Contains(expected, build.ToArguments().Select(a => a.Value));
    }

    [Fact]
    public void A_base_a_later_build_starts_from_is_loaded_also_when_the_run_loads_nothing_else()
    {
        var steps = TestHost.Context(["--target", "BuildRuntime", "--target", "Publish", "--registry", "127.0.0.1:5000", "--allow-dirty", "--framework", "vllm", "--builder", "second", "--dry-run"], With(Second)).Plan.Steps;
        Assert.Empty(((DockerBuildSettings)steps[0].Command).Outputs);
        Assert.Equal(["type=cacheonly"], ((DockerBuildSettings)steps[1].Command).Outputs);
    }

    [Fact]
    public void On_this_engines_own_builder_publish_tags_and_pushes_as_without_builder()
    {
        var steps = TestHost.Context([.. PublishNone, "--builder", "default"], With(Builder(BuilderFactsTests.Default))).Plan.Steps;
        Assert.Contains(steps, s => s.Command is DockerTagSettings);
        Assert.Contains(steps, s => s.Command is DockerPushSettings);
        Assert.DoesNotContain(steps, s => s.Command is DockerBuildPushSettings);
    }

    [Fact]
    public void A_push_by_digest_on_a_docker_driver_builder_goes_under_its_per_architecture_tag_as_that_driver_cannot_push_by_digest()
    {
        var push = TestHost.Context([.. PublishNone, "--builder", "second", "--push-by-digest"], With(Second)).Plan.Steps.Select(s => s.Command).OfType<DockerPushByDigestSettings>().Single();
        Assert.Equal([$"type=image,name=127.0.0.1:5000/team/dynamo:{V}-none-runtime-amd64,push=true,store=false"], push.Build.Outputs);
    }

    [Fact]
    public void A_builder_that_does_not_answer_stops_the_run_before_any_work()
    {
        var e = Assert.Throws<EnvironmentException>(() => TestHost.Context([.. PublishNone, "--builder", "second"], With(Builder(BuilderFactsTests.Down))));
        Assert.StartsWith("builder 'second' does not answer: Cannot connect to the Docker daemon", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_without_a_builder_is_refused_naming_the_option()
    {
        var e = Assert.Throws<UsageException>(() => TestHost.Context(["--target", "BuildRuntime", "--load", "off", "--dry-run"]));
        Assert.StartsWith("--load decides what a --builder sends back", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_builder_facts_nothing_changes()
    {
        var plain = TestHost.ShellLines(TestHost.Context([.. PublishNone, "--builder", "second"]));
        Assert.Contains(plain, l => l.StartsWith("docker tag ", StringComparison.Ordinal));
        Assert.Contains(plain, l => l.Contains("--load", StringComparison.Ordinal));
    }

    [Fact]
    public void The_inspect_and_context_commands_are_what_docker_takes()
    {
        Assert.Equal(["buildx", "inspect", "--bootstrap", "pool"], new DockerBuildxInspectSettings("pool", Bootstrap: true).ToArguments().Select(a => a.Value));
        Assert.Equal(["buildx", "inspect"], new DockerBuildxInspectSettings(null, Bootstrap: false).ToArguments().Select(a => a.Value));
        Assert.Equal(["context", "show"], new DockerContextShowSettings().ToArguments().Select(a => a.Value));
    }

    [Fact]
    public void A_remote_builder_of_one_node_is_named_with_builder_alone_never_as_a_docker_context()
    {
        // Only a docker-driver builder is another engine's context (docker --context NAME buildx ...); a remote node's
        // endpoint is BuildKit's address, not a context.
        var remote = Builder(BuilderFactsTests.TwoNodes[..BuilderFactsTests.TwoNodes.IndexOf("Name:      pool-arm64", StringComparison.Ordinal)]);
        Assert.Equal(["tcp://amd64.build.example:1234"], remote.Nodes.Select(n => n.Endpoint));
        var context = TestHost.Context([.. PublishNone, "--builder", "pool"], With(remote));

        var builds = context.Plan.Steps.Select(s => BuilderPlanning.BuildOf(s.Command)).OfType<DockerBuildSettings>().ToList();
        Assert.NotEmpty(builds);
        Assert.All(builds, b => Assert.Equal(["buildx", "build", "--builder", "pool"], b.ToArguments().Take(4).Select(a => a.Value)));
        Assert.All(builds, b => Assert.Null(b.Context));
    }

    [Fact]
    public void A_publish_from_the_builder_loads_the_images_later_builds_start_from_and_keeps_the_rest_in_the_builder()
    {
        string[] args = ["--target", "BuildRuntime", "--target", "Publish", "--registry", "127.0.0.1:5000/team", "--allow-dirty", "--framework", "vllm", "--dry-run", "--builder", "second"];
        var context = TestHost.Context(args, With(Second));

        var builds = context.Plan.Steps.Select(s => s.Command).OfType<DockerBuildSettings>().ToList();
        var baseBuild = Assert.Single(builds, b => b.Tags.Any(t => t.StartsWith("dynamo-base:", StringComparison.Ordinal)));
        Assert.Empty(baseBuild.Outputs);
        Assert.Contains("--load", baseBuild.ToArguments().Select(a => a.Value));
        Assert.All(builds.Where(b => b != baseBuild), b => Assert.Equal([BuilderPlanning.CacheOnly], b.Outputs));

        // The dev image is local-dev's base: loaded after all, so that the local-dev build finds it.
        var withLocalDev = TestHost.Context([.. args, "--target", "BuildImage", "--target", "BuildLocalDev"], With(Second));
        var dev = Assert.Single(withLocalDev.Plan.Steps.Select(s => s.Command).OfType<DockerBuildSettings>(), b => b.Tags.Contains($"dynamo:{V}-vllm"));
        Assert.Empty(dev.Outputs);
    }

    private static readonly string[] PublishVllm = ["--target", "BuildRuntime", "--target", "Publish", "--registry", "127.0.0.1:5000/team", "--allow-dirty", "--framework", "vllm", "--dry-run", "--builder", "pool"];

    private const string VllmBase = $"dynamo-base:{V}-vllm";

    private const string VllmBaseTarget = "dynamo-base-v0-4-1-dev-abc1234-vllm";

    /// <summary>A remote builder of one node (its BuildKit reads no image store), the client's buildx <paramref name="buildx"/> (null: not read).</summary>
    private static PlanningFacts OnRemote(string? buildx = "0.29.1") =>
        With(Builder(BuilderFactsTests.Remote)) with { Buildx = buildx is null ? null : new BuildxFacts(buildx, null) };

    private static DockerBakePushSettings PushBake(BuildContext context) =>
        Assert.Single(context.Plan.Steps.Select(s => s.Command).OfType<DockerBakePushSettings>());

    private static JObject Target(DockerBakeSettings bake, string name) => (JObject)JObject.Parse(bake.Definition)["target"]![name]!;

    [Fact]
    public void A_publish_on_a_remote_builder_pushes_an_image_that_starts_from_a_base_with_one_bake_that_links_the_base()
    {
        var context = TestHost.Context(PublishVllm, OnRemote());
        Assert.Equal(PlanExecutor.Bake, context.Plan.Executor);
        Assert.Equal(["bake 2 images", "bake 1 push from builder pool"], context.Plan.ExecutionOrder.Select(s => s.Title));

        // The builds: the runtime image takes the base inside the bake and stays in the builder.
        var build = (DockerBakeSettings)context.Plan.Bake!.Command;
        Assert.Equal($"target:{VllmBaseTarget}", (string?)Target(build, "dynamo-v0-4-1-dev-abc1234-vllm-runtime")["contexts"]![VllmBase]);

        // The pushes after all builds: the base again (a cache hit, kept in the builder), the image with its push exporter.
        var push = PushBake(context);
        Assert.Equal(
            ["buildx", "bake", "--file", "-", "--builder", "pool", "--allow", "fs.read=/repo", "--progress", "auto", "--metadata-file", "/repo/.build/metadata/push-bake.json", "default"],
            push.ToArguments().Select(a => a.Value));
        const string pushed = "127-0-0-1-5000-team-dynamo-v0-4-1-dev-abc1234-vllm-runtime";
        Assert.Equal([VllmBaseTarget, pushed], push.Bake.Targets.Select(t => t.Name));
        Assert.Equal([new BakePush(pushed, push.Pushes[0].Push)], push.Pushes);
        var source = Assert.IsType<DockerBuildPushSettings>(push.Pushes[0].Push);
        Assert.Equal($"dynamo:{V}-vllm-runtime", source.Source);
        Assert.Equal([$"127.0.0.1:5000/team/dynamo:{V}-vllm-runtime"], source.References);

        var baseTarget = Target(push.Bake, VllmBaseTarget);
        Assert.Equal(["type=cacheonly"], baseTarget["output"]!.Select(t => (string)t!));
        Assert.Equal([VllmBase], baseTarget["tags"]!.Select(t => (string)t!));
        var image = Target(push.Bake, pushed);
        Assert.Equal([$"type=image,name=127.0.0.1:5000/team/dynamo:{V}-vllm-runtime,push=true,store=false"], image["output"]!.Select(t => (string)t!));
        Assert.Equal($"target:{VllmBaseTarget}", (string?)image["contexts"]![VllmBase]);
        Assert.Null(image["tags"]);
        Assert.Equal("manifest:org.opencontainers.image.version=v0.4.1.dev.abc1234", (string?)image["annotations"]![0]);

        // The dry run prints what the run executes: the command, its definition as a here-document.
        var line = TestHost.ShellLines(context)[^1];
        Assert.Equal($"docker buildx bake --file - --builder pool --allow fs.read=/repo --progress auto --metadata-file /repo/.build/metadata/push-bake.json default <<'BAKE'\n{push.Bake.Definition}\nBAKE", line);
    }

    [Fact]
    public void On_a_remote_builder_a_publish_keeps_the_base_in_the_builder_and_a_build_only_run_loads_it_unless_load_is_off()
    {
        // The runtime image takes the base inside the bake: this engine, which that BuildKit does not read, gets nothing.
        var publish = (DockerBakeSettings)TestHost.Context(PublishVllm, OnRemote()).Plan.Bake!.Command;
        Assert.Equal(["type=cacheonly"], Target(publish, VllmBaseTarget)["output"]!.Select(t => (string)t!));
        Assert.DoesNotContain("--load", publish.ToArguments().Select(a => a.Value));

        // A run that only builds loads as before; --load off keeps both images in the builder.
        string[] buildOnly = ["--target", "BuildRuntime", "--framework", "vllm", "--dry-run", "--builder", "pool"];
        var loaded = (DockerBakeSettings)TestHost.Context(buildOnly, OnRemote()).Plan.Bake!.Command;
        Assert.Equal([DockerBakeSettings.LinkedOutput], Target(loaded, VllmBaseTarget)["output"]!.Select(t => (string)t!));
        Assert.Contains("--load", loaded.ToArguments().Select(a => a.Value));
        var kept = (DockerBakeSettings)TestHost.Context([.. buildOnly, "--load", "off"], OnRemote()).Plan.Bake!.Command;
        Assert.All(kept.Targets, t => Assert.Equal([BuilderPlanning.CacheOnly], t.Build.Outputs));
    }

    [Fact]
    public void The_users_bake_overrides_reach_the_push_bake_targets_that_build_the_same_images_under_their_names()
    {
        const string pushed = "127-0-0-1-5000-team-dynamo-v0-4-1-dev-abc1234-vllm-runtime";
        string[] sets =
        [
            "--bake-set", "dynamo-v0-4-1-dev-abc1234-vllm-runtime.args.EXTRA=one",
            "--bake-set", "*.no-cache-filter=dev",
            "--bake-set", "dynamo-base-*.args.BASE_ONLY=two",
            "--bake-set", "dynamo-v?-4-1-dev-abc1234-vllm-runtime.output=type=local,dest=out",
            "--bake-set", "[d]ynamo-v0-4-1-dev-abc1234-vllm-runtime.tags=elsewhere:1",
        ];
        var context = TestHost.Context([.. PublishVllm, .. sets], OnRemote());

        // The build bake takes them as typed; the push bake the same under its own target names, less where images go.
        Assert.Equal(sets.Where((_, i) => i % 2 == 1), ((DockerBakeSettings)context.Plan.Bake!.Command).Overrides);
        Assert.Equal(
            [$"{pushed}.args.EXTRA=one", $"{VllmBaseTarget}.no-cache-filter=dev", $"{pushed}.no-cache-filter=dev", $"{VllmBaseTarget}.args.BASE_ONLY=two"],
            PushBake(context).Bake.Overrides);
        Assert.Contains($" --set {pushed}.args.EXTRA=one ", TestHost.ShellLines(context)[^1], StringComparison.Ordinal);

        // An override of no pushed or linked image is left out: bake refuses a pattern that matches no target.
        Assert.Empty(PushBake(TestHost.Context([.. PublishVllm, "--bake-set", "nothing-*.args.X=1"], OnRemote())).Bake.Overrides);
    }

    [Fact]
    public void On_a_remote_builder_sequential_is_refused_for_builds_that_start_from_a_base_naming_the_builder_and_the_base()
    {
        string[] buildOnly = ["--target", "BuildRuntime", "--framework", "vllm", "--dry-run", "--builder", "pool", "--executor", "sequential"];
        var e = Assert.Throws<UsageException>(() => TestHost.Context(buildOnly, OnRemote(buildx: null)));
        Assert.Equal(
            $"--executor sequential cannot build this plan: builder 'pool' (driver remote) reads no image store, so a build finds {VllmBase}, which this run builds, only inside the same bake, and one build after another would ask a registry for it; use --executor auto or bake.",
            e.Message);
        Assert.Throws<UsageException>(() => TestHost.Context([.. PublishVllm, "--executor", "sequential"], OnRemote()));
    }

    [Fact]
    public void On_a_remote_builder_auto_bakes_a_plan_with_a_base_and_a_client_that_cannot_bake_stops_it_before_any_work()
    {
        string[] buildOnly = ["--target", "BuildRuntime", "--framework", "vllm", "--dry-run", "--builder", "pool"];
        Assert.Equal(PlanExecutor.Bake, TestHost.Context(buildOnly, OnRemote(buildx: null)).Plan.Executor);

        // Also where auto builds one image after another for the sake of an imported cache (several frameworks).
        var cached = TestHost.Context(["--target", "BuildRuntime", "--framework", "none,vllm", "--cache-registry", "127.0.0.1:5000/ci", "--dry-run", "--builder", "pool"], OnRemote());
        Assert.Equal(PlanExecutor.Bake, cached.Plan.Executor);
        Assert.DoesNotContain(cached.Plan.Notes, n => n.StartsWith("Building one image after another", StringComparison.Ordinal));

        var e = Assert.Throws<EnvironmentException>(() => TestHost.Context(buildOnly, OnRemote("0.13.1")));
        Assert.Equal(
            $"This plan needs one bake (builder 'pool' (driver remote) reads no image store, so a build finds {VllmBase}, which this run builds, only inside the same bake), which cannot run here: "
            + "the docker client 'docker' has buildx 0.13.1, and bake needs buildx 0.29 or newer. Install docker-buildx 0.29 or newer, or name such a client with --docker-path.",
            e.Message);
    }

    [Fact]
    public void On_a_remote_builder_images_without_a_base_push_one_build_each_and_may_build_one_after_another()
    {
        string[] none = [.. PublishNone, "--builder", "pool", "--executor", "sequential"];
        var context = TestHost.Context(none, OnRemote());
        Assert.Equal(PlanExecutor.Sequential, context.Plan.Executor);
        Assert.Single(context.Plan.Steps.Select(s => s.Command).OfType<DockerBuildPushSettings>());
        Assert.DoesNotContain(context.Plan.Steps, s => s.Command is DockerBakePushSettings);
    }

    [Fact]
    public void On_a_docker_driver_builder_of_another_engine_a_base_is_found_by_name_and_nothing_changes()
    {
        // Its --load goes to the engine it builds on: one build after another, each push its own build.
        string[] args = [.. PublishVllm[..^1], "second", "--executor", "sequential"];
        var context = TestHost.Context(args, With(Second));
        Assert.Equal(PlanExecutor.Sequential, context.Plan.Executor);
        Assert.Single(context.Plan.Steps.Select(s => s.Command).OfType<DockerBuildPushSettings>());
        Assert.DoesNotContain(context.Plan.Steps, s => s.Command is DockerBakePushSettings);
        Assert.Null(BuilderPlanning.OnlyInOneBake(context.Options, context.Facts, context.Plan.Steps));
    }

    [Fact]
    public void A_push_by_digest_on_a_remote_builder_is_a_target_of_the_push_bake_with_its_digest_exporter()
    {
        var push = PushBake(TestHost.Context([.. PublishVllm, "--push-by-digest"], OnRemote()));
        var byDigest = Assert.IsType<DockerPushByDigestSettings>(Assert.Single(push.Pushes).Push);
        Assert.Equal("127.0.0.1:5000/team/dynamo", byDigest.Repository);
        var image = Target(push.Bake, push.Pushes[0].Target);
        Assert.Equal(["type=image,name=127.0.0.1:5000/team/dynamo,push-by-digest=true,name-canonical=true,push=true"], image["output"]!.Select(t => (string)t!));
        Assert.Equal($"target:{VllmBaseTarget}", (string?)image["contexts"]![VllmBase]);
    }

    [Fact]
    public void A_release_of_two_platforms_on_a_remote_pool_pushes_both_from_one_bake_each_linked_to_its_platforms_base()
    {
        string[] args = [.. TwoPlatforms.Select(a => a == "none" ? "vllm" : a), "--builder", "pool"];
        var context = TestHost.Context(args, With(Builder(BuilderFactsTests.TwoNodes)) with { Buildx = new BuildxFacts("0.29.1", null) });
        Assert.Equal(["bake 4 images", "bake 2 pushes from builder pool", $"manifest list 127.0.0.1:5000/team/dynamo:{V}-vllm-runtime"], context.Plan.ExecutionOrder.Select(s => s.Title));

        var push = PushBake(context);
        Assert.Equal(["linux/amd64", "linux/arm64"], push.Pushes.Select(p => BuilderPlanning.BuildOf(p.Push)!.Platform));
        var bases = push.Bake.Targets.Take(2).ToList();
        Assert.All(bases, b => Assert.Equal([BuilderPlanning.CacheOnly], b.Build.Outputs));
        foreach (var (target, linked) in push.Pushes.Zip(bases))
        {
            var image = Target(push.Bake, target.Target);
            Assert.Equal($"target:{linked.Name}", (string?)((JProperty)image["contexts"]!.Single()).Value);
        }
    }

    [Theory]
    [InlineData("kubernetes")]
    [InlineData("docker-container")]
    public void Every_driver_other_than_docker_reads_no_image_store(string driver)
    {
        var facts = With(Builder(BuilderFactsTests.Remote.Replace("Driver: remote", "Driver: " + driver, StringComparison.Ordinal)));
        Assert.Equal(driver, facts.Builder!.Driver);
        var e = Assert.Throws<UsageException>(() => TestHost.Context([.. PublishVllm, "--executor", "sequential"], facts));
        Assert.Contains($"builder 'pool' (driver {driver}) reads no image store", e.Message, StringComparison.Ordinal);
        Assert.Single(TestHost.Context(PublishVllm, facts).Plan.Steps.Select(s => s.Command).OfType<DockerBakePushSettings>());
    }

    [Fact]
    public void The_push_bake_links_every_image_a_pushed_image_starts_from_and_those_they_start_from()
    {
        // local-dev starts from the dev image, the dev image from the base: both kept in the builder, in plan order.
        var push = PushBake(TestHost.Context([.. PublishVllm, "--target", "BuildImage", "--target", "BuildLocalDev"], OnRemote()));
        Assert.Equal([VllmBaseTarget, "dynamo-v0-4-1-dev-abc1234-vllm"], push.Bake.Targets.Take(2).Select(t => t.Name));
        Assert.All(push.Bake.Targets.Take(2), t => Assert.Equal([BuilderPlanning.CacheOnly], t.Build.Outputs));
        var localDev = Target(push.Bake, "127-0-0-1-5000-team-dynamo-v0-4-1-dev-abc1234-vllm-local-dev");
        Assert.Equal("target:dynamo-v0-4-1-dev-abc1234-vllm", (string?)localDev["contexts"]![$"dynamo:{V}-vllm"]);
    }

    [Fact]
    public void An_image_a_push_reaches_only_through_another_earlier_build_is_linked_too()
    {
        // The pushed image starts from "mid", which starts from "base": the push names only "mid".
        var context = TestHost.Context(PublishVllm, OnRemote());
        DockerBuildSettings Build(string tag, string? from) => new()
        {
            ContextPath = "/repo", File = "/repo/container/Dockerfile", Builder = "pool", Tags = [tag],
            BuildArgs = from is null ? [] : [new KeyValuePair<string, string>("FROM_IMAGE", from)],
        };
        PlanStep Step(DockerBuildSettings build) => new("BuildImage", build.Tags[0], build.Tags, [], build);
        var pushed = Build("top:1", "mid:1") with { Tags = [], MetadataFile = "/repo/.build/metadata/top.json" };
        var push = new PlanStep("Publish", "push top", [], [], new DockerBuildPushSettings(pushed, "top:1", ["r/top:1"]));

        var steps = BuilderPlanning.PushesInOneBake(context.Options, context.Facts, "/repo/.build/metadata/push-bake.json", [Step(Build("base:1", null)), Step(Build("mid:1", "base:1"))], [push]);

        var bake = Assert.IsType<DockerBakePushSettings>(Assert.Single(steps).Command);
        Assert.Equal(["base-1", "mid-1", "top"], bake.Bake.Targets.Select(t => t.Name));
        Assert.Equal("target:base-1", (string?)Target(bake.Bake, "mid-1")["contexts"]!["base:1"]);
    }
}
