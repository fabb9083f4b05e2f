using Build.CommandLine;
using Build.Tests.Release.Support;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Release;

/// <summary>
/// A builder of the remote driver on a real BuildKit (docs/decisions.md §6.6): a second dockerd's embedded BuildKit
/// reached through <see cref="BuildKitRelay"/> (<see cref="RemoteBuildKit"/>). The plans start from a base the run
/// builds, so they are one bake, and Publish pushes in a bake of its own: the registry's digest is the report's, the
/// pushed image carries the user's --bake-set, the first engine receives nothing (not even the base), and the dry run
/// printed exactly the docker commands the run executed. A signal during its build stops it and nothing is pushed.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RemoteDriverTests(RemoteBuildKit buildkit) : IClassFixture<RemoteBuildKit>, IDisposable
{
    private const string Version = "v8.8.8";

    private static readonly Dictionary<string, string?> NoCi = new() { ["GITHUB_ACTIONS"] = null, ["GITHUB_HEAD_REF"] = null, ["GITHUB_REF_NAME"] = null };

    private readonly string ns = TestRun.Namespace($"remote-{Guid.NewGuid():N}"[..15]);
    private readonly string nonce = "itest" + Guid.NewGuid().ToString("N")[..12];
    private readonly TempGitRepo repo = new();

    private Dictionary<string, string?> Environment => new(NoCi) { ["DOCKER_CONFIG"] = buildkit.Engine.Config };

    [Fact]
    public void The_fixture_is_a_remote_driver_builder_on_a_running_buildkit()
    {
        Assert.Contains("Driver:        remote", buildkit.Inspect, StringComparison.Ordinal);
        Assert.Contains($"Endpoint:         unix://{buildkit.Relay.Socket}", buildkit.Inspect, StringComparison.Ordinal);
        Assert.Contains("linux/amd64", buildkit.Inspect, StringComparison.Ordinal);
        Assert.True(buildkit.Relay.Relayed > 0);
    }

    [Fact]
    public void A_publish_bakes_there_pushes_from_there_with_the_users_overrides_and_its_dry_run_printed_exactly_what_ran()
    {
        using var registry = new LocalRegistry();
        Images(runtimeStep: $"COPY payload.txt /{nonce}/rt.txt");
        repo.Commit("tiny images");
        repo.Tag(Version);
        var log = Directory.CreateTempSubdirectory("docker-calls-").FullName;
        try
        {
            var docker = RecordingDocker(log);
            var report = Path.Combine(log, "report.json");
            var runtimeTarget = DockerTargetName($"{ns}/dynamo:{Version}-vllm-runtime");
            string[] args = ["--repo-root", repo.Path, "--framework", "vllm", "--target", "BuildRuntime", "--target", "Publish", "--builder", buildkit.Name,
                "--registry", $"{registry.Host}/team", "--image-namespace", ns, "--provenance", "off", "--allow-dirty", "--docker-path", docker,
                "--bake-set", $"{runtimeTarget}.args.EXTRA=from-bake-set", "--report-json", report];

            var dry = EppInputs.Host(Environment, [.. args, "--dry-run"]);
            Assert.True(dry.ExitCode == 0, dry.ToString());
            Assert.Contains($"Builder '{buildkit.Name}' (driver remote): linux/amd64 on {buildkit.Name}0.", dry.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(Calls(log, docker), Works);

            var run = EppInputs.Host(Environment, args);
            Assert.True(run.ExitCode == 0, run.ToString());

            // The dry run printed exactly the docker commands that did the work, in order: the build bake, the push bake
            // (with --bake-set under its target's name). Nothing was tagged, pushed or loaded through this engine.
            var executed = Calls(log, docker).Where(Works).Select(c => c.Line).ToList();
            Assert.Equal(2, executed.Count);
            Assert.Equal(DockerLines(dry.Output, docker), executed);
            Assert.Contains(" --set ", executed[1], StringComparison.Ordinal);

            // The registry holds both tags (a release), each with the digest the report gives, and the image is the one
            // the build bake made, with the user's override.
            var repository = $"team/{ns}/dynamo";
            Assert.Equal([$"{Version}-vllm-runtime", "latest-vllm-runtime"], registry.Tags(repository).OrderDescending(StringComparer.Ordinal));
            var pushed = ((JArray)JObject.Parse(File.ReadAllText(report))["pushed"]!).ToList();
            Assert.Equal(
                [$"{registry.Host}/{repository}:{Version}-vllm-runtime", $"{registry.Host}/{repository}:latest-vllm-runtime"],
                pushed.Select(p => (string)p["reference"]!));
            Assert.All(pushed, p => Assert.Equal(registry.Digest(repository, ((string)p["reference"]!).Split(':')[^1]), (string)p["digest"]!));
            Assert.Equal("from-bake-set", (string?)registry.Config(repository, $"{Version}-vllm-runtime")["config"]!["Labels"]!["extra"]);
            Assert.Equal([$"team/{ns}/dynamo"], registry.Catalog());

            // The first engine received nothing of the run, not the base either; the second kept no image (only its
            // build cache, which names the nonce).
            Assert.DoesNotContain(EngineSnapshot.Take().Images, i => i.Contains(ns, StringComparison.Ordinal) || i.StartsWith(registry.Host, StringComparison.Ordinal));
            Assert.DoesNotContain(buildkit.Engine.Images(), i => i.Contains(ns, StringComparison.Ordinal) || i.StartsWith(registry.Host, StringComparison.Ordinal));
            Assert.Contains(nonce, buildkit.Engine.Client("buildx", "du", "--builder", buildkit.Name, "--verbose").Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(log, recursive: true);
        }
    }

    [Fact]
    public async Task A_signal_during_the_bake_on_the_remote_builder_stops_it_there_and_nothing_is_pushed()
    {
        using var registry = new LocalRegistry();
        if (!buildkit.Engine.Images().Contains("local/debian:bookworm"))
        {
            DockerCli.RequireImage("local/debian:bookworm", "tools/make-base-image.sh");
            buildkit.Engine.Load("local/debian:bookworm");
        }

        Images(runtimeStep: $"RUN echo {nonce} && sleep 600", baseImage: "local/debian:bookworm");
        repo.Commit("the slow image");
        using var host = RemoteBuilderTests.Start(Environment,
            ["--repo-root", repo.Path, "--framework", "vllm", "--target", "BuildRuntime", "--target", "Publish", "--builder", buildkit.Name, "--build-network", "host",
                "--registry", $"{registry.Host}/team", "--image-namespace", ns, "--allow-dirty", "--push-latest"]);
        var output = host.StandardOutput.ReadToEndAsync();
        var error = host.StandardError.ReadToEndAsync();

        // The RUN step runs under the second engine's BuildKit (its shell names the nonce); then the host alone is signalled.
        Assert.True(RemoteBuilderTests.WaitFor(() => RemoteBuilderTests.RunStep(nonce).Count > 0, TimeSpan.FromSeconds(300)) && !host.HasExited, "the RUN step did not start on the remote builder");
        Assert.Equal(0, Run.Process("kill", ["-TERM", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ExitCode);
        Assert.True(host.WaitForExit(TimeSpan.FromSeconds(120)), "the host did not exit within 120 s of the signal");
        var (stdout, stderr) = (await output, await error);
        Assert.True(host.ExitCode == 143, $"exit {host.ExitCode}\n{stdout}\n{stderr}");

        // BuildKit cancelled the solve (the RUN process ends), nothing reached the registry, no engine got an image.
        Assert.True(RemoteBuilderTests.WaitFor(() => RemoteBuilderTests.RunStep(nonce).Count == 0, TimeSpan.FromSeconds(60)), "the RUN step still runs under the remote builder");
        Assert.Empty(registry.Catalog());
        Assert.DoesNotContain(EngineSnapshot.Take().Images, i => i.Contains(ns, StringComparison.Ordinal));
        Assert.DoesNotContain(buildkit.Engine.Images(), i => i.Contains(ns, StringComparison.Ordinal));
    }

    /// <summary>The checkout's images: a base (container/Dockerfile, stage dev) and the vllm runtime on it, naming the nonce.</summary>
    private void Images(string runtimeStep, string baseImage = "scratch")
    {
        var container = RepoPaths.MakeContainerFolder(repo.Path);
        File.WriteAllText(Path.Combine(repo.Path, "payload.txt"), nonce + "\n");
        File.WriteAllText(Path.Combine(container, "Dockerfile"), $"FROM {baseImage} AS dev\nCOPY payload.txt /{nonce}/dev.txt\n");
        File.WriteAllText(Path.Combine(container, "Dockerfile.vllm"),
            $"ARG DYNAMO_BASE_IMAGE\nFROM ${{DYNAMO_BASE_IMAGE}} AS runtime\nARG EXTRA=none\nLABEL extra=$EXTRA\n{runtimeStep}\n");
    }

    /// <summary>A docker client that records each call (its arguments, and a bake's definition from standard input) in <paramref name="log"/>, then runs docker.</summary>
    private static string RecordingDocker(string log)
    {
        var path = Path.Combine(log, "docker");
        File.WriteAllText(path, $$"""
            #!/usr/bin/env bash
            call="{{log}}/$(date +%s%N).$$"
            printf '%s\0' "$@" > "$call.args"
            case " $* " in *" bake "*) exec docker "$@" < <(tee "$call.stdin") ;; esac
            exec docker "$@"
            """.Replace("\r", ""));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private sealed record Call(IReadOnlyList<string> Args, string Line);


    /// <summary>The recorded calls in order, each with its pasteable line as the dry run prints it (a bake with its here-document).</summary>
    private static List<Call> Calls(string log, string docker) =>
    [
        .. Directory.GetFiles(log, "*.args").Order(StringComparer.Ordinal).Select(file =>
        {
            var args = File.ReadAllText(file).TrimEnd('\0').Split('\0');
            var line = ShellQuoting.CommandLine(docker, args.Select(a => new CommandArgument(a)));
            var stdin = Path.ChangeExtension(file, ".stdin");
            return new Call(args, File.Exists(stdin) ? $"{line} <<'BAKE'\n{File.ReadAllText(stdin).TrimEnd('\n')}\nBAKE" : line);
        }),
    ];

    /// <summary>A call that builds, tags, pushes or loads (not a question: version, inspect, context show, du, ...).</summary>
    private static bool Works(Call call)
    {
        var rest = call.Args is ["--context", _, ..] ? call.Args.Skip(2).ToList() : call.Args;
        return rest is ["buildx", "bake" or "build", ..] or ["build" or "tag" or "push" or "pull" or "load", ..] or ["image", "tag" or "push" or "pull" or "load", ..];
    }

    /// <summary>The dry run's docker commands (a bake with its here-document as one), in order.</summary>
    private static List<string> DockerLines(string output, string docker)
    {
        var lines = new List<string>();
        var all = output.Split('\n');
        for (var i = 0; i < all.Length; i++)
        {
            if (!all[i].StartsWith(docker + " ", StringComparison.Ordinal))
            {
                continue;
            }

            var command = all[i];
            if (command.EndsWith("<<'BAKE'", StringComparison.Ordinal))
            {
                while (all[++i] != "BAKE")
                {
                    command += "\n" + all[i];
                }

                command += "\nBAKE";
            }

            lines.Add(command);
        }

        return lines;
    }

    /// <summary>A bake target's name for an image, as the host names it.</summary>
    private static string DockerTargetName(string tag) => Build.Docker.DockerBakeSettings.TargetName(tag);

    public void Dispose()
    {
        TestRun.RemoveNamespace(ns);
        repo.Dispose();
    }
}
