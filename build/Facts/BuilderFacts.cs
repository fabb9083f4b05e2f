using Build.Options;

namespace Build.Facts;

/// <summary>One node of a BuildKit builder, as <c>docker buildx inspect</c> prints it.</summary>
/// <param name="Status">running, inactive, stopped, ...; null when the node did not answer (<paramref name="Error"/>).</param>
/// <param name="Platforms">What its worker builds (emulated platforms included: BuildKit lists those binfmt_misc
/// makes it able to run); empty when not known (a node that has not started reports none).</param>
/// <param name="Error">Why the node did not answer; null when it did.</param>
public sealed record BuilderNode(string Name, string Endpoint, string? Status, IReadOnlyList<string> Platforms, string? Error);

/// <summary>
/// The BuildKit builder the run builds on: the one --builder names, else the client's current one (docs/decisions.md
/// §6.6). Read once before planning from <c>docker buildx inspect</c>: with --bootstrap in a real run (what its first
/// build would do anyway), without in a dry run (a read: nothing is started or created). It decides whether the
/// builder answers, which platforms it builds (the release's platform check) and whether images are pushed straight
/// from it (a builder that is not the client's own engine).
/// </summary>
/// <param name="Name">The builder's name (the current builder's when --builder is not given).</param>
/// <param name="Driver">docker, docker-container, remote, kubernetes; empty when the builder did not answer.</param>
public sealed record BuilderFacts(string Name, string Driver, IReadOnlyList<BuilderNode> Nodes)
{
    /// <summary>Why the builder as a whole did not answer (its endpoint is down, its context is gone); null when it did.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// The docker driver on the engine the docker client talks to (its current context): builds land in the same
    /// image store docker tag and docker push use. Any other builder keeps its images to itself.
    /// </summary>
    public bool IsEngine { get; init; }

    /// <summary>Read with --bootstrap (a real run): a node that is not running did not start.</summary>
    public bool Bootstrapped { get; init; }

    /// <summary>
    /// What keeps the builder from building, in one sentence naming it; null when it answers. Before a bootstrap
    /// (a dry run) a node that is only not started yet is no problem: the real run starts it.
    /// </summary>
    public string? WhyNotAnswering => Error is { } error
        ? $"builder '{Name}' does not answer: {error}"
        : Nodes.Count == 0
            ? $"builder '{Name}' has no nodes"
            : Nodes.FirstOrDefault(n => n.Error is not null || (Bootstrapped && n.Status != "running")) is { } node
                ? $"builder '{Name}' node '{node.Name}' ({node.Endpoint}) does not answer: {node.Error ?? "status " + node.Status}"
                : null;

    /// <summary>The nodes that build a platform (linux/arm64 is linux/arm64/v8; a node lists variants it builds).</summary>
    public IReadOnlyList<BuilderNode> NodesFor(string platform) =>
        [.. Nodes.Where(n => n.Platforms.Any(p => Normalized(p) == Normalized(platform)))];

    /// <summary>Whether every node reported its platforms (a node that has not started yet reports none).</summary>
    public bool PlatformsKnown => Nodes.All(n => n.Platforms.Count > 0);

    /// <summary>As docker normalizes a platform: linux/aarch64 and linux/arm64/v8 are linux/arm64, linux/x86_64 is linux/amd64.</summary>
    public static string Normalized(string platform)
    {
        var parts = platform.Trim().TrimEnd('*').ToLowerInvariant().Split('/');
        if (parts.Length > 1)
        {
            parts[1] = PlatformGrammar.DockerfileArchitecture(parts[1])?.Arch ?? parts[1];
        }

        var p = string.Join('/', parts);
        return p.EndsWith("/arm64/v8", StringComparison.Ordinal) ? p[..^3] : p;
    }

    /// <summary>
    /// From <c>docker buildx inspect</c>'s text: the builder's "Name:", "Driver:", an "Error:" line when it did not
    /// answer, then after "Nodes:" one block per node ("Name:", "Endpoint:", "Status:" or "Error:", "Platforms:").
    /// Indented lines (labels, GC policy) and keys this does not use are skipped.
    /// </summary>
    /// <param name="engineContext">The client's current docker context (<c>docker context show</c>): a docker-driver
    /// node of that endpoint is the client's own engine; null when not known.</param>
    public static BuilderFacts Parse(string output, string? engineContext, bool bootstrapped)
    {
        string? name = null, driver = null, error = null;
        var nodes = new List<BuilderNode>();
        string? nodeName = null, endpoint = null, status = null, nodeError = null;
        List<string> platforms = [];
        var inNodes = false;

        void EndNode()
        {
            if (nodeName is not null)
            {
                nodes.Add(new BuilderNode(nodeName, endpoint ?? string.Empty, status, platforms, nodeError));
            }

            (nodeName, endpoint, status, nodeError, platforms) = (null, null, null, null, []);
        }

        foreach (var line in output.Split('\n'))
        {
            if (line.Length == 0 || char.IsWhiteSpace(line[0]))
            {
                continue;
            }

            if (line.TrimEnd() == "Nodes:")
            {
                inNodes = true;
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }

            var (key, value) = (line[..colon], line[(colon + 1)..].Trim());
            if (!inNodes)
            {
                switch (key)
                {
                    case "Name": name = value; break;
                    case "Driver": driver = value; break;
                    case "Error": error = value; break;
                }

                continue;
            }

            switch (key)
            {
                case "Name":
                    EndNode();
                    nodeName = value;
                    break;
                case "Endpoint": endpoint = value; break;
                case "Status": status = value; break;
                case "Error": nodeError = value; break;
                case "Platforms":
                    platforms = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => p.TrimEnd('*'))];
                    break;
            }
        }

        EndNode();
        var facts = new BuilderFacts(name ?? string.Empty, driver ?? string.Empty, nodes)
        {
            Error = error ?? (name is null ? "docker buildx inspect printed no builder" : null),
            Bootstrapped = bootstrapped,
        };
        return facts with
        {
            IsEngine = facts.Driver == "docker" && engineContext is not null && nodes.Count == 1 && nodes[0].Endpoint == engineContext,
        };
    }
}
