using Build.Docker;
using Build.Options;
using Build.Planning;
using Build.Tests.Support;
using Build.Versioning;

namespace Build.Tests.Planning;

/// <summary>Publish's plan: re-tags under the registry, latest only for a release, and the refusals.</summary>
public sealed class PublishComposerTests
{
    private const string V = "v0.4.1.dev.abc1234";

    [Theory]
    [InlineData("127.0.0.1:5000", "dynamo:v1-vllm", "127.0.0.1:5000/dynamo:v1-vllm")]
    [InlineData("registry.example.com/team/ml", "dynamo:v1-vllm-runtime", "registry.example.com/team/ml/dynamo:v1-vllm-runtime")]
    [InlineData("localhost:5000/t", "other.example.com:443/group/img", "localhost:5000/t/group/img:latest")]
    [InlineData("localhost", "my/img:tag", "localhost/my/img:tag")]
    public void Targets_keep_the_repository_path_under_the_registry_prefix(string registry, string image, string expected)
    {
        Assert.True(ImageReference.TryParse(image, out var reference, out _));
        Assert.Equal(expected, PublishComposer.Target(RegistryTarget.Parse(registry), reference));
    }

    [Fact]
    public void The_images_of_the_earlier_build_steps_are_pushed_except_the_base_and_latest_outside_a_release()
    {
        var context = TestHost.Context(["--target", "BuildRuntime", "--target", "Publish", "--registry", "r.example.com/team", "--allow-dirty"]);
        Assert.Equal(
            [
                $"docker tag dynamo:{V}-vllm-runtime r.example.com/team/dynamo:{V}-vllm-runtime",
                $"docker push r.example.com/team/dynamo:{V}-vllm-runtime",
            ],
            TestHost.ShellLines(context).Skip(2));
        var tag = context.Plan.Steps.Single(s => s.Command is DockerTagSettings);
        Assert.Equal("Publish", tag.Task);
        Assert.Equal([$"dynamo:{V}-vllm-runtime"], tag.Needs);
    }

    [Fact]
    public void Push_latest_or_an_exact_tag_adds_the_latest_tags_and_a_user_logs_in_first()
    {
        var forced = TestHost.ShellLines(TestHost.Context(["--target", "BuildRuntime", "--target", "Publish", "--registry", "127.0.0.1:5000", "--allow-dirty", "--push-latest",
            "--registry-user", "ci", "--dry-run"])).Skip(2).ToList();
        Assert.Equal(
            [
                "run_config=\"$(mktemp -d \"${TMPDIR:-/tmp}/dynamo-docker-config-XXXXXX\")\"",
                "printf '%s' \"$DOCKER_REGISTRY_PASSWORD\" | DOCKER_CONFIG=\"$run_config\" docker login --username ci --password-stdin 127.0.0.1:5000",
                $"DOCKER_CONFIG=\"$run_config\" docker tag dynamo:{V}-vllm-runtime 127.0.0.1:5000/dynamo:{V}-vllm-runtime",
                $"DOCKER_CONFIG=\"$run_config\" docker push 127.0.0.1:5000/dynamo:{V}-vllm-runtime",
                "DOCKER_CONFIG=\"$run_config\" docker tag dynamo:latest-vllm-runtime 127.0.0.1:5000/dynamo:latest-vllm-runtime",
                "DOCKER_CONFIG=\"$run_config\" docker push 127.0.0.1:5000/dynamo:latest-vllm-runtime",
                "rm -rf \"$run_config\"",
            ],
            forced);

        var tagged = TestHost.ReferenceFacts() with { Version = VersionInfo.From("v1.0.0", null, new string('a', 40), "aaaaaaa", DateTimeOffset.UnixEpoch, null) };
        var release = TestHost.Context(["--target", "BuildDevImage", "--target", "Publish", "--framework", "none", "--registry", "127.0.0.1:5000", "--allow-dirty", "--release-build"], tagged);
        Assert.Equal(["127.0.0.1:5000/dynamo:v1.0.0-none", "127.0.0.1:5000/dynamo:latest-none"],
            release.Plan.Steps.Select(s => s.Command).OfType<DockerPushSettings>().Select(p => p.Image));
    }

    [Fact]
    public void Named_images_replace_the_built_ones()
    {
        var context = TestHost.Context(["--target", "Publish", "--registry", "127.0.0.1:5000", "--allow-dirty", "--publish-image", "dynamo:v1-none", "--publish-image", "dynamo:latest-none"]);
        Assert.Equal(["127.0.0.1:5000/dynamo:v1-none"], context.Plan.Steps.Select(s => s.Command).OfType<DockerPushSettings>().Select(p => p.Image));
    }

    [Fact]
    public void Nothing_to_push_is_refused()
    {
        var e = Assert.Throws<UsageException>(() => TestHost.Context(["--target", "Publish", "--registry", "127.0.0.1:5000", "--allow-dirty", "--publish-image", "dynamo:latest-none"]));
        Assert.Contains("Publish has nothing to push: this run builds only latest tags (dynamo:latest-none)", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<UsageException>(() => TestHost.Context(["--target", "Publish", "--registry", "127.0.0.1:5000", "--allow-dirty"]));
        Assert.Contains("Publish has nothing to push", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_a_checkout_the_tree_cannot_be_checked_without_allow_dirty()
    {
        var e = Assert.Throws<UsageException>(() => TestHost.Context(["--target", "Publish", "--registry", "127.0.0.1:5000", "--publish-image", "d:1"]));
        Assert.Equal("Publish cannot check the working tree: '/repo' is not a git checkout, so the images match no commit; pass --allow-dirty to publish anyway.", e.Message);
    }

    [Fact]
    public void A_dirty_tree_and_an_untagged_release_are_refused()
    {
        var release = new ReleaseOptions { Registry = RegistryTarget.Parse("127.0.0.1:5000") };
        var untagged = TestHost.ReferenceFacts().Version;
        var e = Assert.Throws<UsageException>(() => PublishComposer.Check(release, new BuildOptions(), untagged, ["a.txt", "b.txt", "c.txt", "d.txt"], "/r"));
        Assert.Equal("Publish refuses a dirty working tree (4 uncommitted changes: a.txt, b.txt, c.txt, ...): commit or stash them, or pass --allow-dirty.", e.Message);
        PublishComposer.Check(release with { AllowDirty = true }, new BuildOptions(), untagged, ["a.txt"], "/r");

        e = Assert.Throws<UsageException>(() => PublishComposer.Check(release, new BuildOptions { ReleaseBuild = true }, untagged, [], "/r"));
        Assert.Equal($"Publish of a --release-build needs HEAD exactly tagged, but it is abc1234 (version {V}): tag the release commit, or pass --allow-untagged.", e.Message);
        PublishComposer.Check(release with { AllowUntagged = true }, new BuildOptions { ReleaseBuild = true }, untagged, [], "/r");
        PublishComposer.Check(release, new BuildOptions(), untagged, [], "/r");
    }

    [Theory]
    [InlineData("dynamo:latest", true)]
    [InlineData("dynamo:latest-vllm-runtime", true)]
    [InlineData("dynamo", true)]
    [InlineData("dynamo:v1.0.0-vllm", false)]
    [InlineData("dynamo:latestish", false)]
    public void Latest_tags(string image, bool latest)
    {
        Assert.True(ImageReference.TryParse(image, out var reference, out _));
        Assert.Equal(latest, PublishComposer.IsLatest(reference));
    }
}
