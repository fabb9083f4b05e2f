using System.Diagnostics;
using Build.Tests.Support;

namespace Build.Tests.Release.Support;

/// <summary>
/// A real BuildKit reached through buildx's remote driver (docs/decisions.md §6.6): a <see cref="SecondEngine"/>'s
/// embedded BuildKit, served on a unix socket of its folder by a <see cref="BuildKitRelay"/>, and a builder of the
/// remote driver on that socket, created in the second engine's docker configuration (never the user's) under a name
/// unique to the test run. The builder is created with the client's own engine as the docker context, so a
/// <c>--load</c> of it goes to the first engine while the second engine's BuildKit does the work. Disposing removes
/// the builder, stops the relay and the engine.
/// </summary>
public sealed class RemoteBuildKit : IDisposable
{
    public RemoteBuildKit()
    {
        Engine = new SecondEngine();
        try
        {
            Relay = new BuildKitRelay(Path.Combine(Engine.Dir, "buildkit.sock"), Engine.Socket);
            Name = $"{TestRun.Prefix}-remote-{Guid.NewGuid():N}"[..(TestRun.Prefix.Length + 15)];
            var created = Engine.Client("buildx", "create", "--name", Name, "--driver", "remote", $"unix://{Relay.Socket}");
            Assert.True(created.ExitCode == 0, created.ToString());

            // Started as a run's first build would start it; the platforms are BuildKit's own answer through the relay.
            var clock = Stopwatch.StartNew();
            Run.Result inspect;
            while ((inspect = Engine.Client("buildx", "inspect", Name, "--bootstrap")).ExitCode != 0 || !inspect.Output.Contains("Status:           running", StringComparison.Ordinal))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), "the remote builder did not start:\n" + inspect);
                Thread.Sleep(200);
            }

            Inspect = inspect.Output;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The engine whose BuildKit builds (and whose folder holds the relay's socket and the configuration).</summary>
    public SecondEngine Engine { get; }

    public BuildKitRelay Relay { get; } = null!;

    /// <summary>The builder's name (--builder).</summary>
    public string Name { get; } = string.Empty;

    /// <summary>docker buildx inspect --bootstrap's answer when the fixture started.</summary>
    public string Inspect { get; } = string.Empty;

    /// <summary>The host run's environment: docker reads the configuration that holds the builder.</summary>
    public IDictionary<string, string?> Environment => Engine.Environment;

    public void Dispose()
    {
        if (Name.Length > 0)
        {
            _ = Engine.Client("buildx", "rm", "--force", Name);
        }

        Relay?.Dispose();
        Engine.Dispose();
    }
}
