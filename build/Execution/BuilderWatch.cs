using Build.CommandLine;
using Build.Docker;
using Build.Facts;
using Build.Planning;

namespace Build.Execution;

/// <summary>
/// A builder that is not this engine, asked once more after a step on it failed (docs/decisions.md §6.6): a builder
/// that stopped answering in the middle of the run (its engine or BuildKit daemon gone, its endpoint unreachable)
/// ends the run with one line naming it and the step, exit 1; one that still answers leaves the step's own failure.
/// The question is <c>docker buildx inspect NAME</c> without --bootstrap (a read: nothing is started), bounded by
/// <see cref="Limit"/>.
/// </summary>
/// <param name="builder">The builder as the run read it before any work (its nodes and endpoints).</param>
/// <param name="ask">Runs the question; null when it did not answer within <see cref="Limit"/>.</param>
public sealed class BuilderWatch(BuilderFacts builder, Func<(int ExitCode, string Output, string Error)?> ask)
{
    /// <summary>How long the question may take: a builder that answers does in well under a second.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>The watch of the run's --builder when it is not this engine (facts read); null otherwise: nothing to ask.</summary>
    public static BuilderWatch? For(string? builderOption, BuilderFacts? builder, DockerTool docker) =>
        builderOption is not null && builder is { IsEngine: false }
            ? new BuilderWatch(builder, () => docker.CaptureWithin(new DockerBuildxInspectSettings(builder.Name, Bootstrap: false), Limit))
            : null;

    /// <summary>Whether the command runs on the watched builder: a build, a bake, a push from it (one build or one bake) or by digest that names it.</summary>
    public bool RunsOn(ArgvCommand command) =>
        command switch
        {
            DockerBakeSettings bake => bake.Builder,
            DockerBakePushSettings pushes => pushes.Bake.Builder,
            _ => BuilderPlanning.BuildOf(command)?.Builder,
        } == builder.Name;

    /// <summary>After <paramref name="step"/> failed on the builder: throws when the builder no longer answers.</summary>
    /// <exception cref="EnvironmentException">The builder stopped answering.</exception>
    public void ThrowIfStopped(string step)
    {
        (int ExitCode, string Output, string Error)? answer;
        try
        {
            answer = ask();
        }
        catch (ToolFailedException)
        {
            // The docker client itself could not be run: that says nothing of the builder; the step's failure stands.
            return;
        }

        if (Stopped(builder, answer, step) is { } line)
        {
            throw new EnvironmentException(line);
        }
    }

    /// <summary>
    /// The line of a builder that stopped answering during <paramref name="step"/>, from its answer to
    /// <c>docker buildx inspect NAME</c> (null: none within <see cref="Limit"/>); null when it still answers. It was
    /// started before the run's first build, so a node that is no longer running stopped too.
    /// </summary>
    public static string? Stopped(BuilderFacts before, (int ExitCode, string Output, string Error)? answer, string step)
    {
        string? why;
        if (answer is not { } a)
        {
            why = $"'docker buildx inspect {before.Name}' got no answer within {Limit.TotalSeconds:0} s";
        }
        else if (a.ExitCode != 0)
        {
            why = a.Error.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? $"docker buildx inspect exited with code {a.ExitCode}";
        }
        else
        {
            var now = BuilderFacts.Parse(a.Output, null, bootstrapped: true);
            why = now.Error ?? (now.Nodes.Count == 0
                ? "it has no nodes"
                : now.Nodes.FirstOrDefault(n => n.Error is not null || n.Status != "running") is { } node
                    ? $"node '{node.Name}' ({node.Endpoint}): {node.Error ?? "status " + node.Status}"
                    : null);
        }

        if (why is null)
        {
            return null;
        }

        var nodes = string.Join(", ", before.Nodes.Select(n => $"node '{n.Name}' at {n.Endpoint}"));
        var reason = why.Replace("ERROR: ", string.Empty, StringComparison.Ordinal).TrimEnd('.');
        return $"builder '{before.Name}' ({(nodes.Length == 0 ? "driver " + before.Driver : nodes)}) stopped answering during {step}: {reason}{(reason.EndsWith('?') ? string.Empty : ".")} "
            + $"Nothing after it ran; check the builder with 'docker buildx inspect --bootstrap {before.Name}'.";
    }
}
