using Build.Options;
using Build.Tests.Release.Support;
using Build.Tests.Support;

namespace Build.Tests.Options;

/// <summary>Bad input to BuildEpp, BuildFrontend and Publish: one line naming the option, exit 2, no docker command.</summary>
[Trait("Category", "Process")]
public sealed class BadReleaseInputTests : IClassFixture<WarmHost>, IDisposable
{
    private readonly GaieFixture gaie = new();

    public static TheoryData<string[], string> Cases => new()
    {
        { ["--target", "BuildEpp"], "BuildEpp needs the Gateway API Inference Extension source" },
        { ["--target", "BuildEpp", "--gaie-git", "https://github.com/kubernetes-sigs/gateway-api-inference-extension.git"], "--gaie-git needs --gaie-ref" },
        { ["--target", "BuildEpp", "--gaie-git", "not a url", "--gaie-ref", "v1"], "--gaie-git 'not a url' is not a git URL" },
        { ["--target", "BuildEpp", "--gaie-dir", "/nonexistent/gaie"], "--gaie-dir '/nonexistent/gaie' is not an existing directory" },
        { ["--target", "BuildEpp", "--gaie-dir", "/tmp", "--epp-patches", "/nonexistent/p"], "--epp-patches '/nonexistent/p' is not an existing directory" },
        { ["--target", "BuildEpp", "--gaie-dir", "/tmp", "--dynamo-capi-lib", "/nonexistent/lib.a"], "--dynamo-capi-lib '/nonexistent/lib.a' is not an existing file" },
        { ["--gaie-dir", "/tmp"], "--gaie-dir is only used by --target BuildEpp" },
        { ["--target", "BuildFrontend", "--epp-image", "e:1", "--gaie-dir", "/tmp"], "--gaie-dir is only used by BuildEpp, which --epp-image skips" },
        { ["--epp-image", "e:1"], "--epp-image is only used by --target BuildFrontend" },
        { ["--target", "BuildFrontend", "--epp-image", "e:1", "--framework", "vllm"], "--framework vllm: BuildFrontend builds on the none framework's dev image" },
        { ["--registry", "localhost:5000"], "--registry is only used by --target Publish" },
        { ["--push-latest"], "--push-latest is only used by --target Publish" },
        { ["--target", "Publish"], "Publish needs --registry" },
        { ["--target", "Publish", "--registry", "localhost:5000", "--registry-password-env", "PW"], "--registry-password-env names the password of --registry-user" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Is_refused_with_one_line_naming_the_option(string[] args, string expected)
    {
        var e = Assert.Throws<UsageException>(() => TestHost.Context([.. args, "--dry-run"]));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_gaie_dir_without_git_and_an_unknown_ref_are_refused()
    {
        var plain = Directory.CreateTempSubdirectory("plain-").FullName;
        try
        {
            var e = Assert.Throws<UsageException>(() => TestHost.Context(["--target", "BuildEpp", "--gaie-dir", plain]));
            Assert.Contains("is not a git checkout", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(plain);
        }

        var unknown = Assert.Throws<UsageException>(() => TestHost.Context(["--target", "BuildEpp", "--gaie-git", gaie.Path, "--gaie-ref", "v9.9.9"]));
        Assert.Contains("--gaie-ref 'v9.9.9' is not a branch or tag of", unknown.Message, StringComparison.Ordinal);
        var both = Assert.Throws<UsageException>(() => TestHost.Context(["--target", "BuildEpp", "--gaie-dir", gaie.Path, "--gaie-git", gaie.Path, "--gaie-ref", "main"]));
        Assert.Equal("--gaie-dir and --gaie-git both name the GAIE source: give one.", both.Message);
        var refWithDir = Assert.Throws<UsageException>(() => TestHost.Context(["--target", "BuildEpp", "--gaie-dir", gaie.Path, "--gaie-ref", "main"]));
        Assert.Equal("--gaie-ref picks what --gaie-git clones; with --gaie-dir the tree is built as it is checked out.", refWithDir.Message);
    }

    [Fact]
    public void Through_the_host_bad_input_is_exit_2_with_one_stderr_line_and_no_docker_call()
    {
        using var docker = new StubDocker();
        var result = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), ["--target", "BuildEpp", "--gaie-dir", "/nonexistent/gaie"], RepoPaths.Root, docker.Environment());
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("ERROR: --gaie-dir '/nonexistent/gaie' is not an existing directory.", result.Error.Trim());
        Assert.Empty(docker.Calls);
    }

    public void Dispose() => gaie.Dispose();
}
