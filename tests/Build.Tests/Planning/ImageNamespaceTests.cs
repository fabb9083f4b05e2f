using Build.Docker;
using Build.Options;
using Build.Planning;
using Build.Tests.Support;

namespace Build.Tests.Planning;

/// <summary>
/// --image-namespace NS puts every image the suite names itself under NS/ (NS/dynamo:…, NS/dynamo-base:…,
/// NS/dynamo-epp:…): a second set of images beside a user's dynamo:* ones, which the integration tests rely on.
/// </summary>
public sealed class ImageNamespaceTests
{
    private const string V = "v0.4.1.dev.abc1234";

    [Fact]
    public void Every_tag_need_and_base_argument_of_the_runtime_matrix_moves_under_the_namespace()
    {
        var steps = TestHost.Context(["--target", "BuildRuntime", "--target", "BuildLocalDev", "--framework", "vllm", "--image-namespace", "itest-1/m"]).Plan.Steps;
        Assert.Equal(
            [
                ["itest-1/m/dynamo-base:" + V + "-vllm"],
                ["itest-1/m/dynamo:" + V + "-vllm", "itest-1/m/dynamo:latest-vllm"],
                ["itest-1/m/dynamo:" + V + "-vllm-local-dev", "itest-1/m/dynamo:latest-vllm-local-dev"],
                ["itest-1/m/dynamo:" + V + "-vllm-runtime", "itest-1/m/dynamo:latest-vllm-runtime"],
            ],
            steps.Select(s => s.Tags.ToArray()));
        Assert.Contains("DYNAMO_BASE_IMAGE=itest-1/m/dynamo-base:" + V + "-vllm", ((DockerBuildSettings)steps[3].Command).ToArguments().Select(a => a.Value));
        Assert.Equal(["itest-1/m/dynamo:" + V + "-vllm"], steps[2].Needs);
        Assert.All(steps.SelectMany(s => s.Tags.Concat(s.Needs)), t => Assert.StartsWith("itest-1/m/", t, StringComparison.Ordinal));
    }

    [Fact]
    public void Without_the_option_the_names_are_build_shs()
    {
        var steps = TestHost.Context(["--target", "BuildRuntime"]).Plan.Steps;
        Assert.Equal(["dynamo-base:" + V + "-vllm"], steps[0].Tags);
        Assert.Equal(["dynamo:" + V + "-vllm-runtime", "dynamo:latest-vllm-runtime"], steps[1].Tags);
    }

    [Fact]
    public void Epp_and_frontend_tags_and_the_frontends_inputs_move_under_the_namespace()
    {
        using var gaie = new TempGitRepo();
        gaie.Commit();
        var steps = TestHost.Context(["--target", "BuildFrontend", "--framework", "none", "--gaie-dir", gaie.Path, "--image-namespace", "ns"]).Plan.Steps;
        var epp = steps.Single(s => s.Task == "BuildEpp" && s.Command is DockerBuildSettings);
        Assert.Equal(["ns/dynamo-epp:" + V, "ns/dynamo-epp:latest"], epp.Tags);
        var frontend = steps.Single(s => s.Task == "BuildFrontend");
        Assert.Equal(["ns/dynamo:" + V + "-none-frontend", "ns/dynamo:latest-none-frontend"], frontend.Tags);
        var args = ((DockerBuildSettings)frontend.Command).ToArguments().Select(a => a.Value).ToList();
        Assert.Contains("DYNAMO_BASE_IMAGE=ns/dynamo:" + V + "-none", args);
        Assert.Contains("EPP_IMAGE=ns/dynamo-epp:" + V, args);
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("ns/")]
    [InlineData("bad ns")]
    [InlineData("a//b")]
    [InlineData("ns:tag")]
    public void A_namespace_that_makes_no_repository_is_refused_naming_the_option(string value)
    {
        var error = Assert.Throws<UsageException>(() => TestHost.Context(["--image-namespace", value]));
        Assert.Equal($"--image-namespace '{value}' is not a repository prefix: lower-case path components separated by '/', e.g. team or localhost:5000/team.", error.Message);
    }
}
