using Build.Tests.Execution;
using Build.Tests.Release.Support;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Release;

/// <summary>
/// A signal is never lost for the registry's children either (docs/decisions.md §4.1, §4.5): SIGTERM to the host at
/// points of the first second after its docker login or docker push starts, against a real registry with a login.
/// The run stops with 143 (or had ended with 0 before the signal mattered), leaves nothing running, writes the report,
/// and the report's pushed list is what the registry holds; the run's docker configuration and the local registry
/// name it tagged are gone.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PublishSignalTests : IClassFixture<WarmHost>, IDisposable
{
    private const string Password = "s3cret-signal-pw";
    private readonly LocalRegistry registry = new("bob", Password);
    private readonly DynamoCheckout checkout = new();
    private readonly string small = $"{TestRun.Prefix}/signal-{Guid.NewGuid():N}"[..35];
    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("publish-signal-");

    public void Dispose()
    {
        TestRun.RemoveNamespace(TestRun.Prefix + "/" + small.Split('/')[1]);
        foreach (var image in EngineSnapshot.Take().Images.Where(i => i.Contains(small, StringComparison.Ordinal)))
        {
            DockerCli.Cli("image", "rm", image);
        }

        registry.Dispose();
        checkout.Dispose();
        temp.Delete(recursive: true);
    }

    [Theory]
    [InlineData("login", 0)]
    [InlineData("login", 100)]
    [InlineData("login", 400)]
    [InlineData("push", 0)]
    [InlineData("push", 30)]
    [InlineData("push", 100)]
    [InlineData("push", 250)]
    [InlineData("push", 600)]
    public void A_TERM_at_any_moment_of_a_login_or_push_stops_the_run_and_the_report_says_what_the_registry_holds(string child, int milliseconds)
    {
        var tag = $"{child}-{milliseconds}";
        var image = SmallImage(tag);
        var report = Path.Combine(temp.FullName, $"{tag}.json");
        var runTemp = Directory.CreateDirectory(Path.Combine(temp.FullName, tag)).FullName;

        var result = SignalledHost.Run(
            [Path.Combine(RepoPaths.Root, "build.sh"), "--repo-root", checkout.Path, "--target", "Publish", "--registry", registry.Host, "--publish-image", image,
                "--registry-user", "bob", "--registry-password-env", "ITEST_SIGNAL_PW", "--report-json", report],
            child: argv => argv is [_, var command, ..] && command == child && argv[0].EndsWith("/docker", StringComparison.Ordinal),
            TimeSpan.FromMilliseconds(milliseconds), "TERM", group: false,
            new Dictionary<string, string?> { ["ITEST_SIGNAL_PW"] = Password, ["TMPDIR"] = runTemp });

        // At the child's start the signal must stop the run; later, the push may have ended the run first.
        Assert.True(result.Exit == 143 || (result.Exit == 0 && milliseconds > 0), $"exit {result.Exit}\n{result.Output}\n{result.Error}");
        Assert.True(result.AfterSignal < TimeSpan.FromSeconds(40), $"the run ended {result.AfterSignal} after the signal");
        Assert.Empty(result.LeftRunning);
        Assert.DoesNotContain(Password, result.Output + result.Error, StringComparison.Ordinal);

        var json = JObject.Parse(File.ReadAllText(report));
        var pushed = ((JArray)json["pushed"]!).ToDictionary(p => (string)p["reference"]!, p => (string)p["digest"]!);
        var reference = $"{registry.Host}/{small}:{tag}";
        var inRegistry = registry.Tags(small).Contains(tag);
        Assert.True(inRegistry == pushed.ContainsKey(reference), $"registry holds the tag: {inRegistry}; report: {json}\n{result.Error}");
        if (inRegistry)
        {
            Assert.Equal(registry.Digest(small, tag), pushed[reference]);
        }

        if (result.Exit == 143)
        {
            Assert.Equal("SIGTERM", (string?)json["interruptedBy"]);
            Assert.False((bool)json["succeeded"]!);
        }

        // The login's configuration does not outlive the run; a stopped run leaves no local registry name it tagged.
        Assert.Empty(Directory.EnumerateFileSystemEntries(runTemp, "dynamo-docker-config-*"));
        Assert.True(result.Exit == 0 || DockerCli.ImageId(reference) is null, $"{reference} was left in the engine");
    }

    /// <summary>A small image of this test with a layer of its own (a push that takes a moment), tagged under the run's prefix.</summary>
    private string SmallImage(string tag)
    {
        var name = $"{small}:{tag}";
        var context = Directory.CreateTempSubdirectory("signal-image-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {LocalBuildInputs.BaseImage}\nRUN head -c 8000000 /dev/urandom > /blob\n");
            DockerCli.Ok("build", "--quiet", "--network", "none", "--provenance", "false", "-t", name, context);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }

        return name;
    }
}
