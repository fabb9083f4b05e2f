using Build.Docker;
using Build.Tests.Support;

namespace Build.Tests.Planning;

/// <summary>The build-arg set and the fixes of docs/decisions.md §2 (tokens, user args, platform, base per framework).</summary>
public sealed class ImageBuildComposerTests
{
    private static DockerBuildSettings[] Builds(string[] args, IReadOnlySet<string>? tokens = null) =>
        TestHost.Context(args, TestHost.ReferenceFacts(tokens)).Plan.Steps.Select(s => (DockerBuildSettings)s.Command).ToArray();

    private static string? Arg(DockerBuildSettings build, string key) =>
        build.BuildArgs.Where(a => a.Key == key).Select(a => a.Value).Cast<string?>().LastOrDefault();

    [Fact]
    public void Tokens_in_the_environment_become_secrets_and_never_build_args()
    {
        var builds = Builds(["--framework", "vllm"], new HashSet<string> { "HF_TOKEN", "GITHUB_TOKEN" });
        foreach (var build in builds)
        {
            Assert.Equal(["id=GITHUB_TOKEN,env=GITHUB_TOKEN", "id=HF_TOKEN,env=HF_TOKEN"], build.Secrets);
            Assert.DoesNotContain(build.BuildArgs, a => a.Key.EndsWith("_TOKEN", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_user_build_arg_wins_and_is_placed_last()
    {
        var builds = Builds(["--build-arg", "ENABLE_KVBM=false", "--build-arg", "FOO=bar"]);
        foreach (var build in builds)
        {
            Assert.Single(build.BuildArgs, a => a.Key == "ENABLE_KVBM");
            Assert.Equal("false", Arg(build, "ENABLE_KVBM"));
            Assert.Equal(["ENABLE_KVBM", "FOO"], build.BuildArgs.TakeLast(2).Select(a => a.Key));
        }
    }

    [Fact]
    public void Values_with_spaces_and_globs_stay_one_argument()
    {
        var build = Builds(["--framework", "none", "--build-arg", "NOTE=two words *.whl $HOME"])[0];
        Assert.Contains("NOTE=two words *.whl $HOME", build.ToArguments().Select(a => a.Value));
    }

    [Theory]
    [InlineData("linux/arm64", "arm64", "aarch64")]
    [InlineData("linux/arm64/v8", "arm64", "aarch64")]
    [InlineData("linux/amd64", null, null)]
    public void The_platform_is_parsed_for_arch(string platform, string? arch, string? archAlt)
    {
        foreach (var build in Builds(["--platform", platform]))
        {
            Assert.Equal(arch, Arg(build, "ARCH"));
            Assert.Equal(archAlt, Arg(build, "ARCH_ALT"));
            Assert.Equal(platform, build.Platform);
        }
    }

    [Fact]
    public void Each_framework_has_its_own_base_image()
    {
        var builds = Builds(["--framework", "vllm,trtllm"]);
        Assert.Equal(
            ["dynamo-base:v0.4.1.dev.abc1234-vllm", "dynamo-base:v0.4.1.dev.abc1234-trtllm"],
            builds.Where(b => b.File.EndsWith("/Dockerfile", StringComparison.Ordinal)).Select(b => b.Tags.Single()));
        Assert.Equal(
            ["dynamo-base:v0.4.1.dev.abc1234-vllm", "dynamo-base:v0.4.1.dev.abc1234-trtllm"],
            builds.Where(b => !b.File.EndsWith("/Dockerfile", StringComparison.Ordinal)).Select(b => Arg(b, "DYNAMO_BASE_IMAGE")));
    }

    [Fact]
    public void The_default_experimental_commit_is_really_passed()
    {
        using var wheels = TrtllmWheelDir.Create("amd64_0c9430e5a530ba958fc9dca561a3ad865ad9f492");
        var builds = Builds(["--framework", "trtllm", "--use-default-experimental-tensorrtllm-commit", "--tensorrtllm-pip-wheel-dir", wheels.Path]);
        Assert.All(builds, b => Assert.Equal("0c9430e5a530ba958fc9dca561a3ad865ad9f492", Arg(b, "GITHUB_TRTLLM_COMMIT")));
        Assert.All(builds, b => Assert.Equal("1", Arg(b, "HAS_TRTLLM_CONTEXT")));
        Assert.All(builds, b => Assert.Contains(new KeyValuePair<string, string>("trtllm_wheel", wheels.Path), b.BuildContexts));
    }

    [Fact]
    public void A_wheel_dir_with_the_wrong_commit_is_refused_and_left_alone()
    {
        using var wheels = TrtllmWheelDir.Create("amd64_other");
        var e = Assert.Throws<Build.Options.UsageException>(() => Builds(["--framework", "trtllm", "--tensorrtllm-commit", "deadbeef", "--tensorrtllm-pip-wheel-dir", wheels.Path]));
        Assert.StartsWith($"--tensorrtllm-commit needs a prebuilt TensorRT-LLM wheel in --tensorrtllm-pip-wheel-dir, but '{Path.Combine(wheels.Path, "commit.txt")}' says 'amd64_other', expected 'amd64_deadbeef'", e.Message, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(wheels.Path, "*.whl"));
    }

    [Fact]
    public void Local_dev_builds_honour_platform_cache_and_no_cache()
    {
        var localDev = Builds(["--target", "BuildLocalDev", "--platform", "linux/arm64", "--no-cache", "--cache-from", "type=local,src=/c"]).Last();
        Assert.Equal("/repo/container/Dockerfile.local_dev", localDev.File);
        Assert.Equal("linux/arm64", localDev.Platform);
        Assert.True(localDev.NoCache);
        Assert.Equal(["type=local,src=/c"], localDev.CacheFrom);
        Assert.Equal("arm64", Arg(localDev, "ARCH"));
    }

    [Fact]
    public void Images_carry_oci_labels_from_git()
    {
        var build = Builds(["--framework", "none"])[0];
        Assert.Contains(new KeyValuePair<string, string>("org.opencontainers.image.version", "v0.4.1.dev.abc1234"), build.Labels);
        Assert.Contains(new KeyValuePair<string, string>("org.opencontainers.image.revision", "abc1234abc1234abc1234abc1234abc1234abc12"), build.Labels);
        Assert.Contains(new KeyValuePair<string, string>("org.opencontainers.image.created", "2026-01-02T03:04:05Z"), build.Labels);
    }

    [Fact]
    public void The_build_network_and_builder_reach_every_build()
    {
        var builds = Builds(["--target", "BuildLocalDev", "--build-network", "host", "--builder", "k8s"]);
        Assert.Equal(3, builds.Length);
        Assert.All(builds, b => Assert.Equal("host", b.Network));
        Assert.All(builds, b => Assert.Equal("k8s", b.Builder));
    }
}

/// <summary>What reaches the argv from the user's own build options and the checkout's remote.</summary>
public sealed class ImageBuildComposerInputsTests
{
    private static Build.Facts.PlanningFacts WithSource(string? sourceUrl) => TestHost.ReferenceFacts() with
    {
        Version = Build.Versioning.VersionInfo.From(null, "v0.4.1", "abc1234abc1234abc1234abc1234abc1234abc12", "abc1234", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), sourceUrl),
    };

    private static IReadOnlyList<string> Argv(string[] args, Build.Facts.PlanningFacts? facts = null) =>
        TestHost.Context(args, facts).Plan.Steps[^1].Command.ToArguments().Select(a => a.Value).ToList();

    [Fact]
    public void A_remote_without_credentials_is_the_source_label()
    {
        Assert.Contains("org.opencontainers.image.source=https://github.com/ai-dynamo/dynamo.git",
            Argv(["--target", "BuildRuntime"], WithSource("https://github.com/ai-dynamo/dynamo.git")));
    }

    [Theory]
    [InlineData("https://someone:ghp_secret123@github.com/ai-dynamo/dynamo.git", "https://github.com/ai-dynamo/dynamo.git")]
    [InlineData("https://oauth2@gitlab.example/ai-dynamo/dynamo.git", "https://gitlab.example/ai-dynamo/dynamo.git")]
    public void A_remote_with_credentials_is_labelled_without_them_and_they_never_reach_the_argv(string remote, string label)
    {
        var argv = Argv(["--target", "BuildRuntime"], WithSource(remote));
        Assert.Contains($"org.opencontainers.image.source={label}", argv);
        Assert.DoesNotContain(argv, a => a.Contains("ghp_secret123", StringComparison.Ordinal) || a.Contains("someone", StringComparison.Ordinal)
            || a.Contains("oauth2", StringComparison.Ordinal));
    }

    [Fact]
    public void The_users_own_secrets_reach_every_build_as_secret_arguments_in_order()
    {
        var context = TestHost.Context(["--target", "BuildRuntime", "--secret", "id=npmrc,src=/home/u/.npmrc", "--secret", "id=extra,env=EXTRA_TOKEN"]);
        foreach (var step in context.Plan.Steps)
        {
            var argv = step.Command.ToArguments().ToList();
            var secrets = argv.Select((a, i) => (a, i)).Where(x => x.a.Value == "--secret").Select(x => argv[x.i + 1]).ToList();
            Assert.Equal(["id=npmrc,src=/home/u/.npmrc", "id=extra,env=EXTRA_TOKEN"], secrets.Select(s => s.Value).TakeLast(2));
            Assert.All(secrets, s => Assert.True(s.IsSecret, $"{s.Value} is not marked secret"));
        }
    }
}
