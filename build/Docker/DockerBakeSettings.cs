using Build.CommandLine;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Build.Docker;

/// <summary>One image build of a bake: its target name and the <c>docker build</c> it stands for.</summary>
public sealed record BakeTarget(string Name, DockerBuildSettings Build);

/// <summary>
/// <c>docker buildx bake --file - ...</c>: every image build of a plan as one BuildKit solve. The definition
/// (bake's JSON form) is written from the builds' own <see cref="DockerBuildSettings"/>, so both executors build the
/// same images; it reaches docker on standard input, and the dry run prints it as a here-document.
/// </summary>
public sealed record DockerBakeSettings : DockerCommand
{
    /// <summary>The group every target belongs to; bake builds it.</summary>
    public const string GroupName = "default";

    public required IReadOnlyList<BakeTarget> Targets { get; init; }

    /// <summary>BuildKit's machine-readable progress (rawjson) for the per-step report, or plain.</summary>
    public string Progress { get; init; } = "rawjson";

    /// <summary>The user's bake overrides (--bake-set target.key=value), passed as bake's --set after the definition.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    /// <summary>Where buildx writes each target's metadata (image digests).</summary>
    public string? MetadataFile { get; init; }

    /// <summary>
    /// Folders of this machine the bake reads that are granted by name (<c>--allow fs.read=PATH</c>): buildx refuses a
    /// context outside its working directory without it, unless its progress is rawjson (docs/decisions.md §6.6).
    /// </summary>
    public IReadOnlyList<string> ReadPaths { get; init; } = [];

    /// <summary>The entitlements the definition needs (network.host for a host build network, ssh for SSH forwarding, the folders it reads).</summary>
    public IReadOnlyList<string> Allow => [.. BuildSettingRenderer.Entitlements(Targets.Select(t => t.Build)).Concat(ReadPaths.Select(path => "fs.read=" + path)).Distinct(StringComparer.Ordinal)];

    public string? Builder => Targets.Select(t => t.Build.Builder).FirstOrDefault(b => b is not null);

    /// <summary>The bake definition as JSON text: what goes to docker's standard input.</summary>
    public string Definition => Render(Targets).ToString(Formatting.Indented);

    public override IReadOnlyList<CommandArgument> ToArguments()
    {
        var argv = new DockerArgv().Option("--context", Targets.Select(t => t.Build.Context).FirstOrDefault(c => c is not null)).Add("buildx", "bake", "--file", "-")
            .Option("--builder", Builder)
            .Flag("--load", Builder is not null && Targets.All(t => BuildSettingRenderer.Carried(t.Build).Outputs.Count == 0))
            .Each("--allow", Allow)
            .Add("--progress", Progress)
            .Option("--metadata-file", MetadataFile)
            .Each("--set", Overrides);

        // Secrets are in the definition as references (id=NAME,env=VAR), never values, as with docker build.
        return argv.Add(GroupName).Items;
    }

    public override string StandardInputText => Definition + "\n";

    /// <summary>The pasteable form: the command with its definition as a quoted here-document on standard input.</summary>
    public override string ShellLine(string docker) =>
        base.ShellLine(docker) + " <<'BAKE'\n" + Definition + "\nBAKE";

    /// <summary>
    /// The image store without gzip, for an image later targets take through a <c>target:</c> context (a framework's
    /// base): they read it inside the solve, so its stored image serves the user's tag alone, and gzip of a
    /// multi-gigabyte base was the slowest step of a cold matrix (docs/decisions.md §3.1). Layers that already have a
    /// blob (the pulled FROM image's) keep it.
    /// </summary>
    public const string LinkedOutput = "type=docker,compression=uncompressed";

    /// <summary>
    /// The definition: one target per build, written by <see cref="BuildSettingRenderer.BakeTarget"/>; Build 2 is
    /// linked to Build 1 through a <c>target:</c> context, and a build without exporters goes to the engine's image store.
    /// </summary>
    public static JObject Render(IReadOnlyList<BakeTarget> targets)
    {
        var rendered = new JObject();
        var carriedTargets = targets.Select(t => t with { Build = BuildSettingRenderer.Carried(t.Build) }).ToList();
        var links = Links(carriedTargets);
        var linked = links.SelectMany(l => l.Select(link => link.Image)).ToHashSet(StringComparer.Ordinal);
        foreach (var ((name, carried), i) in carriedTargets.Select((target, i) => (target, i)))
        {
            rendered[name] = BuildSettingRenderer.BakeTarget(carried with
            {
                BuildContexts = [.. carried.BuildContexts, .. links[i].Select(link => new KeyValuePair<string, string>(link.Image, "target:" + link.Producer))],

                // Into the engine's image store, as docker build does, unless the build names its exporters.
                Outputs = carried.Outputs.Count > 0 ? carried.Outputs : [carried.Tags.Any(linked.Contains) ? LinkedOutput : "type=docker"],
            });
        }

        return new JObject
        {
            ["group"] = new JObject { [GroupName] = new JObject { ["targets"] = new JArray(targets.Select(t => t.Name)) } },
            ["target"] = rendered,
        };
    }

    /// <summary>
    /// Per target, in order, the images it starts from (a build arg naming them) that an earlier target builds, with
    /// that target's name: they are taken from it inside the same solve (no wait for a tag, the shared stages' cache
    /// reused), unless the build names a context of that name itself.
    /// </summary>
    private static List<List<(string Image, string Producer)>> Links(IReadOnlyList<BakeTarget> targets)
    {
        var byTag = new Dictionary<string, string>(StringComparer.Ordinal);
        var links = new List<List<(string Image, string Producer)>>();
        foreach (var (name, build) in targets)
        {
            var own = build.BuildContexts.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
            links.Add([.. build.BuildArgs.Select(a => a.Value).Distinct(StringComparer.Ordinal)
                .Where(image => !own.Contains(image) && byTag.ContainsKey(image))
                .Select(image => (image, byTag[image]))]);
            foreach (var tag in build.Tags)
            {
                byTag[tag] = name;
            }
        }

        return links;
    }

    /// <summary>A bake target name for an image: its first tag, with every character bake does not allow as '-'.</summary>
    public static string TargetName(string tag) =>
        new string(tag.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '-').ToArray());
}
