using System.Diagnostics;
using Build.Tests.Release.Support;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Release;

/// <summary>
/// A builder that is not this engine (docs/decisions.md §6.6), for real: a second dockerd (<see cref="SecondEngine"/>)
/// reached as a docker context and named with --builder. A Publish builds there and pushes from there to a
/// docker-registry on 127.0.0.1: the first engine receives nothing, and the registry's digest is the report's. A signal
/// during its build stops the solve there and nothing is pushed. A builder that does not exist or does not answer
/// stops the run before any work; one that stops answering during its build (its engine killed) ends the run with
/// one line naming it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RemoteBuilderTests(SecondEngine engine) : IClassFixture<SecondEngine>, IDisposable
{
    private const string Version = "v8.8.8";

    private static readonly Dictionary<string, string?> NoCi = new() { ["GITHUB_ACTIONS"] = null, ["GITHUB_HEAD_REF"] = null, ["GITHUB_REF_NAME"] = null };

    private readonly string ns = TestRun.Namespace($"builder-{Guid.NewGuid():N}"[..16]);
    private readonly List<IDisposable> cleanup = [];

    private Dictionary<string, string?> Environment => new(NoCi) { ["DOCKER_CONFIG"] = engine.Config };

    [Fact]
    public void A_publish_on_the_second_engine_pushes_from_there_and_the_first_engine_receives_nothing()
    {
        using var registry = new LocalRegistry();
        var checkout = Own(new TinyCheckout());
        checkout.Tag(Version);
        var report = Path.Combine(checkout.Path, "report.json");
        string[] args = ["--repo-root", checkout.Path, "--framework", "none", "--target", "BuildRuntime", "--target", "Publish", "--builder", engine.Name,
            "--registry", $"{registry.Host}/team", "--image-namespace", ns, "--provenance", "off", "--report-json", report];

        // The dry run reads the builder and says what the real run does: build there, keep it there, push from there.
        var dry = EppInputs.Host(Environment, [.. args, "--dry-run"]);
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains($"Builder '{engine.Name}' (driver docker): linux/amd64 on {engine.Name}.", dry.Error, StringComparison.Ordinal);
        var lines = dry.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith($"docker --context {engine.Name} buildx bake --file - --builder {engine.Name} ", StringComparison.Ordinal) && !l.Contains(" --load", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"docker --context {engine.Name} buildx build --builder {engine.Name} ", StringComparison.Ordinal) && l.Contains(",push=true", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("docker tag ", StringComparison.Ordinal) || l.StartsWith("docker push ", StringComparison.Ordinal));

        var run = EppInputs.Host(Environment, args);
        Assert.True(run.ExitCode == 0, run.ToString());

        // The registry holds both tags (a release: HEAD is tagged), and its digest is the one the report gives.
        var repository = $"team/{ns}/dynamo";
        Assert.Equal([$"{Version}-none-runtime", "latest-none-runtime"], registry.Tags(repository).OrderDescending(StringComparer.Ordinal));
        var pushed = ((JArray)JObject.Parse(File.ReadAllText(report))["pushed"]!).ToList();
        Assert.Equal(
            [$"{registry.Host}/{repository}:{Version}-none-runtime", $"{registry.Host}/{repository}:latest-none-runtime"],
            pushed.Select(p => (string)p["reference"]!));
        Assert.All(pushed, p => Assert.Equal(registry.Digest(repository, $"{Version}-none-runtime"), (string)p["digest"]!));

        // The first engine received nothing: no image, no build record of this checkout; the build ran on the second,
        // which kept no image either (nothing was loaded), only its build cache.
        Assert.DoesNotContain(EngineSnapshot.Take().Images, i => i.Contains(ns, StringComparison.Ordinal) || i.StartsWith(registry.Host, StringComparison.Ordinal));
        Assert.Equal(0, checkout.OwnCacheRecords());
        Assert.DoesNotContain(engine.Images(), i => i.Contains(ns, StringComparison.Ordinal));
        Assert.Contains(checkout.Nonce, engine.Client("--context", engine.Name, "buildx", "du", "--verbose").Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signal_during_the_build_on_the_second_engine_stops_it_there_and_nothing_is_pushed()
    {
        using var registry = new LocalRegistry();
        if (!engine.Images().Contains("local/debian:bookworm"))
        {
            DockerCli.RequireImage("local/debian:bookworm", "tools/make-base-image.sh");
            engine.Load("local/debian:bookworm");
        }

        using var repo = new TempGitRepo();
        var id = Guid.NewGuid().ToString("N")[..12];
        var container = RepoPaths.MakeContainerFolder(repo.Path);
        File.WriteAllText(Path.Combine(container, "Dockerfile"), $"FROM local/debian:bookworm AS runtime\nRUN echo {id} && sleep 60\n");
        repo.Commit("the slow image");
        using var host = Start(Environment,
            ["--repo-root", repo.Path, "--framework", "none", "--target", "BuildRuntime", "--target", "Publish", "--builder", engine.Name, "--build-network", "host",
                "--registry", $"{registry.Host}/team", "--image-namespace", ns, "--allow-dirty", "--push-latest"]);
        var output = host.StandardOutput.ReadToEndAsync();
        var error = host.StandardError.ReadToEndAsync();

        // The RUN step is running on the second engine (its shell names the nonce); then the host alone is signalled.
        Assert.True(WaitFor(() => RunStep(id).Count > 0, TimeSpan.FromSeconds(120)) && !host.HasExited, "the RUN step did not start on the second engine");
        Assert.Equal(0, Run.Process("kill", ["-TERM", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ExitCode);
        Assert.True(host.WaitForExit(TimeSpan.FromSeconds(60)), "the host did not exit within 60 s of the signal");
        var (stdout, stderr) = (await output, await error);
        Assert.True(host.ExitCode == 143, $"exit {host.ExitCode}\n{stdout}\n{stderr}");

        // BuildKit on the second engine cancelled the solve (its RUN process ends), and nothing reached the registry.
        Assert.True(WaitFor(() => RunStep(id).Count == 0, TimeSpan.FromSeconds(30)), "the RUN step still runs on the second engine");
        Assert.Empty(registry.Catalog());
        Assert.DoesNotContain(engine.Images(), i => i.Contains(ns, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("bake")]
    [InlineData("sequential")]
    public async Task A_builder_that_stops_answering_during_its_build_ends_the_run_with_one_line_naming_it_and_exit_1(string executor)
    {
        // An engine of this test's own: it is killed (SIGKILL to its dockerd, as a crash or a lost machine) while its
        // RUN step runs.
        DockerCli.RequireImage("local/debian:bookworm", "tools/make-base-image.sh");
        using var registry = new LocalRegistry();
        using var repo = new TempGitRepo();
        var id = Guid.NewGuid().ToString("N")[..12];
        var second = new SecondEngine();
        try
        {
            second.Load("local/debian:bookworm");
            var container = RepoPaths.MakeContainerFolder(repo.Path);
            File.WriteAllText(Path.Combine(container, "Dockerfile"), $"FROM local/debian:bookworm AS runtime\nRUN echo {id} && sleep 120\n");
            repo.Commit("the slow image");
            var report = Path.Combine(second.Dir, "report.json");
            using var host = Start(new Dictionary<string, string?>(NoCi) { ["DOCKER_CONFIG"] = second.Config },
                ["--repo-root", repo.Path, "--framework", "none", "--target", "BuildRuntime", "--target", "Publish", "--builder", second.Name, "--build-network", "host",
                    "--executor", executor, "--registry", $"{registry.Host}/team", "--image-namespace", ns, "--allow-dirty", "--push-latest", "--report-json", report]);
            var output = host.StandardOutput.ReadToEndAsync();
            var error = host.StandardError.ReadToEndAsync();

            Assert.True(WaitFor(() => RunStep(id).Count > 0, TimeSpan.FromSeconds(120)) && !host.HasExited, "the RUN step did not start on the second engine");
            second.Kill();
            Assert.True(host.WaitForExit(TimeSpan.FromSeconds(120)), "the host did not exit within 120 s of the engine's end");
            var (stdout, stderr) = (EppInputs.Plain(await output), EppInputs.Plain(await error));
            var all = $"exit {host.ExitCode}\n--- stdout\n{stdout}\n--- stderr\n{stderr}";
            Assert.True(host.ExitCode == 1, all);

            // One line of ours names the builder, its node and the step; docker's own failure is not ours to repeat.
            var lines = (stdout + "\n" + stderr).Split('\n');
            var ours = Assert.Single(lines, l => l.Contains("stopped answering", StringComparison.Ordinal));
            Assert.StartsWith($"ERROR: builder '{second.Name}' (node '{second.Name}' at {second.Name}) stopped answering during ", ours, StringComparison.Ordinal);
            Assert.Contains(second.Socket, ours, StringComparison.Ordinal);
            Assert.DoesNotContain(lines, l => l.StartsWith("ERROR: ", StringComparison.Ordinal) && l != ours && !l.StartsWith("ERROR: failed to", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));

            // Nothing after it ran: nothing pushed; the report says the run failed.
            Assert.Empty(registry.Catalog());
            var json = JObject.Parse(File.ReadAllText(report));
            Assert.False((bool)json["succeeded"]!);
            Assert.Empty((JArray?)json["pushed"] ?? []);
        }
        finally
        {
            // The RUN step outlives its killed engine: ended here, then the engine's mounts go with its folder.
            foreach (var pid in RunStep(id))
            {
                _ = Run.Process("kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            }

            Assert.True(WaitFor(() => RunStep(id).Count == 0, TimeSpan.FromSeconds(30)), "the orphaned RUN step did not end");
            second.Dispose();
        }
    }

    [Fact]
    public void A_builder_that_does_not_exist_or_does_not_answer_stops_the_run_with_one_line_and_exit_1()
    {
        var missing = EppInputs.Host(Environment, "--target", "BuildRuntime", "--framework", "none", "--builder", "no-such-builder", "--dry-run");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("ERROR: --builder 'no-such-builder': no builder \"no-such-builder\" found ('docker buildx ls' lists the builders; tools/create-builder.sh makes one); nothing was built or pushed.", missing.Error.Trim());
        Assert.Empty(missing.Output.Trim());

        var dead = $"{TestRun.Prefix}-dead";
        var socket = Path.Combine(engine.Dir, "nothing-listens.sock");
        Assert.Equal(0, engine.Client("context", "create", dead, "--docker", $"host=unix://{socket}").ExitCode);
        var down = EppInputs.Host(Environment, "--target", "BuildRuntime", "--framework", "none", "--builder", dead);
        Assert.Equal(1, down.ExitCode);
        var line = Assert.Single(down.ErrorLines);
        Assert.StartsWith($"ERROR: builder '{dead}' does not answer: ", line, StringComparison.Ordinal);
        Assert.Contains(socket, line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_release_of_a_platform_this_engine_cannot_build_is_refused_before_anything_and_its_dry_run_says_the_same()
    {
        // This machine: the default builder runs linux/amd64 only and has no binfmt_misc; the Dockerfile has a RUN step.
        using var registry = new LocalRegistry();
        using var repo = new TempGitRepo();
        var container = RepoPaths.MakeContainerFolder(repo.Path);
        File.WriteAllText(Path.Combine(container, "Dockerfile"), "FROM local/debian:bookworm AS runtime\nRUN true\n");
        repo.Commit("an image with a RUN step");
        string[] args = ["--repo-root", repo.Path, "--framework", "none", "--target", "BuildRuntime", "--target", "Publish", "--platform", "linux/amd64,linux/arm64",
            "--registry", $"{registry.Host}/team", "--image-namespace", ns, "--allow-dirty"];
        foreach (var dryRun in new[] { true, false })
        {
            var result = EppInputs.Host(NoCi, dryRun ? [.. args, "--dry-run"] : args);
            Assert.True(result.ExitCode == 1, result.ToString());
            var line = Assert.Single(result.ErrorLines);
            Assert.StartsWith("ERROR: --platform linux/arm64: builder 'default' (driver docker) cannot build it: no node runs linux/arm64", line, StringComparison.Ordinal);
            Assert.Contains("docker buildx create --append", line, StringComparison.Ordinal);
            Assert.Contains("tonistiigi/binfmt --install arm64", line, StringComparison.Ordinal);
            Assert.DoesNotContain(result.Output.Split('\n'), l => l.StartsWith("docker ", StringComparison.Ordinal));
        }

        Assert.Empty(registry.Catalog());
        Assert.DoesNotContain(EngineSnapshot.Take().Images, i => i.Contains(ns, StringComparison.Ordinal));
    }

    /// <summary>./build.sh started with these arguments and environment (a null value removes the variable), its output redirected.</summary>
    internal static Process Start(IDictionary<string, string?> environment, string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(RepoPaths.Root, "build.sh"), args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        return Process.Start(info)!;
    }

    /// <summary>The processes whose command line names the nonce (the RUN step's shell and its children).</summary>
    internal static List<int> RunStep(string id) =>
        [.. Directory.EnumerateDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0).Where(pid => pid > 0 && CommandLine(pid).Contains(id, StringComparison.Ordinal) && CommandLine(pid).Contains("sleep", StringComparison.Ordinal))];

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    internal static bool WaitFor(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                return false;
            }

            Thread.Sleep(200);
        }

        return true;
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        cleanup.Add(disposable);
        return disposable;
    }

    public void Dispose()
    {
        // A checkout prunes its cache records on the first engine; the second engine goes with the class fixture.
        foreach (var item in Enumerable.Reverse(cleanup))
        {
            item.Dispose();
        }
    }
}
