using Build.Tests.Support;

namespace Build.Tests.Release;

/// <summary>
/// .github/workflows/remote-builder.sh, as a job runs it: with a BUILDKIT_&lt;ARCH&gt; variable it makes the builder on
/// that endpoint (the real docker buildx, in a docker configuration folder of the test's own; a remote node is not
/// contacted until a build), with the certificates' PEM text in files only the job's user reads; without one, nothing.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RemoteBuilderScriptTests : IDisposable
{
    private const string Pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("remote-builder-");

    public void Dispose() => dir.Delete(recursive: true);

    private (Run.Result Result, string Output) Script(string arch, Dictionary<string, string?> variables)
    {
        var output = Path.Combine(dir.FullName, "github-output");
        File.WriteAllText(output, string.Empty);
        var environment = new Dictionary<string, string?>(variables)
        {
            ["DOCKER_CONFIG"] = Directory.CreateDirectory(Path.Combine(dir.FullName, "docker-config")).FullName,
            ["GITHUB_OUTPUT"] = output,
            ["RUNNER_TEMP"] = Directory.CreateDirectory(Path.Combine(dir.FullName, "runner-temp")).FullName,
        };
        var result = Run.Process(Path.Combine(RepoPaths.Root, ".github", "workflows", "remote-builder.sh"), [arch], RepoPaths.Root, environment, timeoutSeconds: 300);
        return (result, File.ReadAllText(output));
    }

    [Fact]
    public void An_endpoint_variable_makes_the_builder_with_the_certificates_in_private_files()
    {
        var (result, output) = Script("arm64", new() { ["BUILDKIT_ARM64"] = "tcp://127.0.0.1:1", ["BUILDKIT_AMD64"] = "tcp://127.0.0.1:2", ["BUILDKIT_CACERT"] = Pem });
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("name=dynamo-remote\n", output);
        Assert.Contains("dynamo-remote-arm64: created (linux/arm64, driver remote, tcp://127.0.0.1:1)", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("amd64", result.Output, StringComparison.Ordinal);

        var certificates = Assert.Single(Directory.GetDirectories(Path.Combine(dir.FullName, "runner-temp")));
        var cacert = Assert.Single(Directory.GetFiles(certificates));
        Assert.Equal(Pem + "\n", File.ReadAllText(cacert));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cacert));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(certificates));
    }

    [Fact]
    public void Without_an_endpoint_variable_the_job_builds_on_the_runner()
    {
        var (result, output) = Script("amd64", new() { ["BUILDKIT_ARM64"] = "tcp://127.0.0.1:1", ["BUILDKIT_CERT"] = Pem });
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, output);
        Assert.Equal("No BuildKit endpoint variable (BUILDKIT_AMD64): building on the runner.\n", result.Output);
        Assert.Empty(Directory.GetDirectories(Path.Combine(dir.FullName, "runner-temp")));
    }
}
