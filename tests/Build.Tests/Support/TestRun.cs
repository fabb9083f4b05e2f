namespace Build.Tests.Support;

/// <summary>
/// What this test process creates in the Docker engine is named under its own prefix, unique to the run: images under
/// the repository prefix <see cref="Prefix"/>/ (the host's --image-namespace), containers named <see cref="Prefix"/>-….
/// Never dynamo:*, dynamo-base:* or dynamo-epp:* as a user has them. Everything under the prefix is removed by name
/// (never by image id) when the process ends, also after a failure; <see cref="EngineHygieneTests"/> checks, after
/// every other collection, that nothing under the prefix is left (the engine is shared: it looks at this run's names only).
/// </summary>
public static class TestRun
{
    /// <summary>itest-&lt;8 hex&gt;: a repository path component and a container name prefix.</summary>
    public static readonly string Prefix = $"itest-{Guid.NewGuid():N}"[..14];

    private static readonly Lazy<EngineSnapshot> Before = new(EngineSnapshot.Take, LazyThreadSafetyMode.ExecutionAndPublication);

    private static int sweepRegistered;

    /// <summary>The --image-namespace of one fixture: its images never share a tag with another fixture's.</summary>
    public static string Namespace(string fixture) => $"{Prefix}/{fixture}";

    /// <summary>An image reference of this run outside the host's naming (REPO:TAG under the run's prefix).</summary>
    public static string Image(string repository, string tag) => $"{Prefix}/{repository}:{tag}";

    /// <summary>A container name of this run.</summary>
    public static string ContainerName(string what) => $"{Prefix}-{what}-{Guid.NewGuid():N}"[..Math.Min(60, Prefix.Length + what.Length + 34)];

    /// <summary>The engine's lists before this run created anything (taken by the first fixture that needs Docker).</summary>
    public static EngineSnapshot EngineBefore => Before.Value;

    /// <summary>Called by <see cref="DockerCli.Require"/> before any fixture creates something.</summary>
    internal static void Starting()
    {
        _ = Before.Value;
        if (Interlocked.Exchange(ref sweepRegistered, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    foreach (var left in Sweep())
                    {
                        Console.Error.WriteLine($"test run cleanup: removed {left} (left behind by a failed fixture)");
                    }
                }
                catch (Exception e)
                {
                    // The process is ending: say what could not be removed rather than crash the test host.
                    Console.Error.WriteLine($"test run cleanup failed; remove images and containers named {Prefix}* by hand: {e.Message}");
                }
            };
        }
    }

    /// <summary>Removes, by name, every container and image tag of this run that is still there; returns what it removed.</summary>
    public static IReadOnlyList<string> Sweep()
    {
        var removed = new List<string>();
        var now = EngineSnapshot.Take();
        foreach (var container in now.Containers.Where(OwnContainer))
        {
            DockerCli.Cli("container", "rm", "--force", container);
            removed.Add(container);
        }

        foreach (var image in now.Images.Where(OwnImage))
        {
            // A reference untags; the image goes with its last tag. Never an id: that would remove every tag on it.
            DockerCli.Cli("image", "rm", image);
            removed.Add(image);
        }

        return removed;
    }

    public static bool OwnImage(string reference) => reference.StartsWith(Prefix + "/", StringComparison.Ordinal)
        || reference.Contains("/" + Prefix + "/", StringComparison.Ordinal);

    public static bool OwnContainer(string name) => name.StartsWith(Prefix + "-", StringComparison.Ordinal);

    /// <summary>Removes, by name, every image tag under a fixture's namespace (all of a fixture's images, also ones a failed test left).</summary>
    public static void RemoveNamespace(string ns)
    {
        foreach (var image in EngineSnapshot.Take().Images.Where(i => i.StartsWith(ns + "/", StringComparison.Ordinal) || i.Contains("/" + ns + "/", StringComparison.Ordinal)))
        {
            DockerCli.Cli("image", "rm", image);
        }
    }
}

/// <summary>The engine's image references (REPO:TAG, dangling ones as &lt;none&gt;@ID) and container names.</summary>
public sealed record EngineSnapshot(IReadOnlyList<string> Images, IReadOnlyList<string> Containers)
{
    public static EngineSnapshot Take()
    {
        var images = ListImages()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ') is [var reference, var id] && reference == "<none>:<none>" ? "<none>@" + id : l.Split(' ')[0])
            .Order(StringComparer.Ordinal).ToList();
        var containers = DockerCli.Ok("container", "ls", "--all", "--format", "{{.Names}}")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
        return new(images, containers);
    }

    /// <summary>
    /// `docker image ls`: with the containerd image store it fails now and then ("content digest ... not found") while
    /// another test removes an image at the same moment; a second look a moment later sees a settled store.
    /// </summary>
    private static string ListImages()
    {
        string[] args = ["image", "ls", "--all", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"];
        for (var attempt = 1; ; attempt++)
        {
            var result = DockerCli.Cli(args);
            if (result.ExitCode == 0 || attempt == 5 || !result.Error.Contains("not found", StringComparison.Ordinal))
            {
                return result.ExitCode == 0 ? result.Output : DockerCli.Ok(args);
            }

            Thread.Sleep(500);
        }
    }
}
