using Build.Options;
using Build.Tests.Support;

namespace Build.Tests.Options;

/// <summary>Bad input to the registry features: one line naming the option, before any docker command (exit 2 in the host).</summary>
public sealed class BadRegistryInputTests
{
    public static TheoryData<string[], string> Cases => new()
    {
        { ["--bake-set", "*.args.FOO=bar"], "--bake-set '*.args.FOO=bar' overrides a bake definition, but this run builds each image with docker build" },
        { ["--executor", "bake", "--build-flag=--shm-size=1g", "--build-flag=--iidfile=/tmp/id"], "--build-flag '--iidfile=/tmp/id' cannot go into this run's docker buildx bake: --iidfile has no bake equivalent. Override the definition with --bake-set 'TARGET.KEY=VALUE', or use --executor sequential." },
        { ["--executor", "bake", "--build-flag=--shm-size"], "--build-flag '--shm-size' cannot go into this run's docker buildx bake: --shm-size needs a value (--shm-size=VALUE)." },
        { ["--platform", "linux/amd64,linux/arm64"], "--platform 'linux/amd64,linux/arm64' lists several platforms, but a local image holds one: build one platform (--platform linux/amd64), or publish them all as one manifest list per image with ./build.sh --target BuildRuntime --target Publish --registry HOST[:PORT][/NAMESPACE]." },
        { ["--builder", "b", "--platform", "linux/amd64,linux/arm64"], "--platform 'linux/amd64,linux/arm64' lists several platforms, but a local image holds one" },
        { ["--target", "BuildRuntime", "--target", "Publish", "--registry", "r.example.com", "--allow-dirty", "--push-by-digest", "--platform", "linux/amd64,linux/arm64"], "--push-by-digest publishes one platform per run for a later MergeManifests, but --platform 'linux/amd64,linux/arm64' lists several: drop --push-by-digest" },
        { ["--target", "BuildRuntime", "--target", "Publish", "--registry", "r.example.com", "--allow-dirty", "--publish-image", "x:1", "--platform", "linux/amd64,linux/arm64"], "--publish-image pushes a local image, which holds one platform, but --platform 'linux/amd64,linux/arm64' lists several" },
        { ["--target", "BuildFrontend", "--target", "Publish", "--registry", "r.example.com", "--allow-dirty", "--epp-image", "e:1", "--platform", "linux/amd64,linux/arm64"], "--platform 'linux/amd64,linux/arm64' with BuildFrontend: its image builds on local images of one platform" },
        { ["--target", "BuildLocalDev", "--target", "Publish", "--registry", "r.example.com", "--allow-dirty", "--platform", "linux/amd64,linux/arm64"], "--platform 'linux/amd64,linux/arm64' with BuildLocalDev" },
        { ["--target", "Publish", "--registry", "r.example.com", "--allow-dirty", "--platform", "linux/amd64,linux/arm64"], "--platform is" },
        { ["--target", "Publish", "--registry", "r.example.com", "--allow-dirty", "--push-by-digest", "--publish-image", "x:1"], "--push-by-digest pushes the images this run builds for its platform: drop --publish-image" },
        { ["--target", "MergeManifests", "--digests-from", "/nonexistent/a.json"], "MergeManifests needs --registry" },
        { ["--target", "MergeManifests", "--registry", "r.example.com"], "MergeManifests needs --digests-from FILE" },
        { ["--target", "MergeManifests", "--registry", "r.example.com", "--digests-from", "/nonexistent/a.json"], "--digests-from '/nonexistent/a.json': no such file." },
        { ["--digests-from", "a.json"], "--digests-from is only used by --target MergeManifests." },
        { ["--target", "Publish", "--registry", "r.example.com", "--cache-registry", "gha", "--publish-image", "x:1"], "--cache-registry is a build option, but this run builds no image" },
        { ["--target", "BuildRuntime", "--target", "Publish", "--registry", "r.example.com", "--allow-dirty", "--framework", "trtllm", "--tensorrtllm-commit", "abc123", "--platform", "linux/amd64,linux/arm64"], "--platform 'linux/amd64,linux/arm64' with --tensorrtllm-commit: the prebuilt TensorRT-LLM wheel in --tensorrtllm-pip-wheel-dir is one architecture's" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Is_refused_with_one_line_naming_the_option(string[] args, string expected)
    {
        var error = Assert.Throws<UsageException>(() => TestHost.Context(args));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("{}", "records no push by digest")]
    [InlineData("not json", "cannot be read as a --report-json file")]
    [InlineData("""{"version":"v1","pushed":[{"source":"a","reference":"r/a","digest":"sha256:12","platform":"linux/amd64","repository":"r/a","manifestTags":["r/a:1"]}]}""", "a push by digest lacks its sha256 digest")]
    public void A_digests_file_that_is_not_a_push_by_digest_report_is_refused(string content, string expected)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, content);
            var error = Assert.Throws<UsageException>(() => TestHost.Context(["--target", "MergeManifests", "--registry", "r.example.com", "--digests-from", file]));
            Assert.StartsWith($"--digests-from '{file}'", error.Message, StringComparison.Ordinal);
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
