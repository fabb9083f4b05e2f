using Build.FrontDoor;
using Build.Options;
using Build.Tests.Support;

namespace Build.Tests.Options;

/// <summary>
/// Every invalid option, value or combination is one clear line naming the option (exit 2 in the host) and is
/// caught before planning finishes, so no docker command can run (docs/decisions.md §1.1, §2.5, §2.7, §2.12).
/// </summary>
public sealed class BadBuildInputTests
{
    /// <summary>Host command lines, with the text the error line must contain.</summary>
    public static TheoryData<string[], string> HostCases => new()
    {
        { ["--frobnicate"], "--frobnicate" },
        { ["positional"], "'positional'" },
        { ["--use-default-experimental-tensorrtllm-commit", "foo"], "--use-default-experimental-tensorrtllm-commit takes no value" },
        { ["--tag"], "--tag requires a value" },
        { ["--tag", "--dry-run"], "--tag requires a value" },
        { ["--framework", "--dry-run"], "--framework requires a value" },
        { ["--tag", ""], "--tag requires a non-empty value" },
        { ["--no-cache=true"], "--no-cache takes no value" },
        { ["--target", "BuildLocalDev", "--dev-image", "dynamo:latest-vllm", "--base-image", "x"], "--dev-image cannot be used with --base-image" },
        { ["--dev-image", "dynamo:latest-vllm", "--stage", "dev"], "--stage cannot be used with --dev-image" },
        { ["--uid", "1001"], "--uid can only be used" },
        { ["--gid", "1001"], "--gid can only be used" },
        { ["--target", "BuildLocalDev", "--gid", "-5"], "--gid requires a value" },
        { ["--use-sccache"], "--sccache-bucket is required" },
        { ["--use-sccache", "--sccache-bucket", "b"], "--sccache-region is required" },
        { ["--sccache-bucket", "b"], "--sccache-bucket is only used with --use-sccache" },
        { ["--target", "BuildLocalDev", "--dev-image", "dynamo:latest-vllm-local-dev"], "--dev-image 'dynamo:latest-vllm-local-dev' is a local-dev image" },
        { ["--dev-image", "dynamo:latest-vllm"], "--dev-image builds a local-dev image" },
        { ["--platform", "linux/amd64,linux/arm64"], "--platform 'linux/amd64,linux/arm64' lists several platforms" },
        { ["--tensorrtllm-commit", "abc"], "--tensorrtllm-commit only applies to --framework trtllm" },
        { ["--framework", "trtllm", "--use-default-experimental-tensorrtllm-commit", "--tensorrtllm-commit", "abc"], "--use-default-experimental-tensorrtllm-commit cannot be combined" },
        { ["--framework", "trtllm", "--use-default-experimental-tensorrtllm-commit", "--tensorrtllm-pip-wheel", "x"], "--use-default-experimental-tensorrtllm-commit cannot be combined" },
        { ["--framework", "trtllm", "--tensorrtllm-commit", "abc", "--tensorrtllm-pip-wheel-dir", "/nonexistent/wheels"], "--tensorrtllm-commit needs a prebuilt TensorRT-LLM wheel" },
        { ["--target", "BuildRuntime", "--stage", "dev"], "--stage picks the stage of BuildImage" },
        { ["--stage", "local-dev"], "--stage local-dev" },
        { ["--target", "BuildDevImage", "--target", "BuildRuntime", "--tag", "my:tag"], "--tag names one image" },
        { ["--framework", "vllm,sglang", "--tag", "my:tag"], "--tag names one image" },
        { ["--target", "BuildLocalDev", "--tag", "x:1-local-dev"], "--tag 'x:1-local-dev' ends with -local-dev" },
        { ["--target", "NoSuchTask"], "--target 'NoSuchTask' is not a task" },
        { ["--verbosity", "loud"], "--verbosity must be" },
        { ["--dry-run", "--", "bash"], "'--'" },
        { ["--bake-file", "/nonexistent-dir/bake.json"], "--bake-file '/nonexistent-dir/bake.json': the directory '/nonexistent-dir' does not exist; create it first or give a path in an existing directory." },
        { ["--bake-file", "/tmp"], "--bake-file '/tmp' is a directory: give a file name in it." },
    };

    [Theory]
    [MemberData(nameof(HostCases))]
    public void Host_rejects_bad_input_with_one_line_naming_the_option(string[] args, string expected)
    {
        var error = Assert.Throws<UsageException>(() => TestHost.Context(args));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    /// <summary>The original script's command lines (container/build.sh) that must fail.</summary>
    public static TheoryData<string[], string> SeedCases => new()
    {
        { ["--dry-run", "--framework", "foo"], "--framework 'foo'" },
        { ["--dry-run", "--uid", "1001"], "--uid can only be used" },
        { ["--dry-run", "--dev-image", "dynamo:latest-vllm", "--target", "dev"], "--target cannot be used with --dev-image" },
        { ["--dry-run", "--dev-image", "dynamo:latest-vllm-local-dev"], "is a local-dev image" },
        { ["--dry-run", "--use-sccache", "--sccache-bucket", "b"], "--sccache-region is required" },
        { ["--tag", "--dry-run"], "--tag requires a value" },
        { ["--dry-run", "--", "x"], "'--'" },
        { ["-x"], "-x" },
        { ["--target"], "--target requires a value" },
        { ["--dry-run", "--target", "nosuchstage", "--repo-root", "/repo"], "--repo-root" },
    };

    [Theory]
    [MemberData(nameof(SeedCases))]
    public void Seed_front_door_rejects_what_the_original_rejects(string[] seedArgs, string expected)
    {
        var error = Assert.Throws<UsageException>(() => TestHost.Context(SeedBuildArguments.Translate(seedArgs, TextWriter.Null)!));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
