using Build.Context;
using Build.Options;
using Build.Versioning;

namespace Build.Facts;

/// <summary>Which of the plan's inputs on disk and remotes to read: only those the chosen tasks and options use.</summary>
/// <param name="StagesOf">Dockerfiles whose stages are needed (a named --stage, CiMatrix).</param>
/// <param name="TrtllmWheel">Whether the prebuilt TensorRT-LLM wheel directory is used (and so checked).</param>
/// <param name="Epp">Whether BuildEpp is planned: the GAIE tree (local or remote) and the patches.</param>
/// <param name="WorkingTree">Whether Publish is planned: the checkout's uncommitted changes.</param>
public sealed record SourceFactsRequest(IReadOnlyList<string> StagesOf, bool TrtllmWheel, bool Epp, bool WorkingTree)
{
    public static readonly SourceFactsRequest Nothing = new([], false, false, false);
}

/// <summary>
/// What the plan's inputs hold, read before planning so that planning itself reads nothing: Dockerfile stages,
/// the TensorRT-LLM wheel directory, the GAIE tree and its patches, the working tree's changes.
/// </summary>
/// <param name="DockerfileStages">Stages by Dockerfile path; a file not read or not there has no entry.</param>
/// <param name="TrtllmWheelProblem">Why the wheel directory is not usable, or null (also when not checked).</param>
/// <param name="Gaie">BuildEpp's GAIE tree; null unless BuildEpp is planned.</param>
/// <param name="EppPatches">The patch files BuildEpp applies, in the order it applies them.</param>
/// <param name="WorkingTreeChanges">Uncommitted changes (null outside a git checkout or when not read).</param>
public sealed record SourceFacts(
    IReadOnlyDictionary<string, IReadOnlyList<string>> DockerfileStages,
    string? TrtllmWheelProblem,
    GaieSource? Gaie,
    IReadOnlyList<string> EppPatches,
    IReadOnlyList<string>? WorkingTreeChanges)
{
    public static readonly SourceFacts None = new(new Dictionary<string, IReadOnlyList<string>>(), null, null, [], null);

    /// <summary>MergeManifests' --digests-from reports (empty unless MergeManifests is planned).</summary>
    public IReadOnlyList<DigestReport> DigestReports { get; init; } = [];

    /// <summary>The stages of a Dockerfile, empty when it was not read or has none.</summary>
    public IReadOnlyList<string> StagesOf(string dockerfile) =>
        DockerfileStages.TryGetValue(dockerfile, out var stages) ? stages : [];

    /// <summary>The patch folder: --epp-patches or container/epp-patches/ (absent or empty: no patch).</summary>
    public static string EppPatchDirectory(ReleaseOptions release, string containerDir) =>
        release.EppPatches ?? Path.Combine(containerDir, "epp-patches");

    public static SourceFacts Gather(SourceFactsRequest request, BuildOptions build, ReleaseOptions release, PlanningFacts machine)
    {
        var stages = request.StagesOf.Distinct(StringComparer.Ordinal)
            .ToDictionary(f => f, Facts.DockerfileStages.Read, StringComparer.Ordinal);

        string? wheelProblem = null;
        if (request.TrtllmWheel)
        {
            var trtllm = build.Trtllm;
            var defaults = machine.Context.Trtllm;
            wheelProblem = TrtllmWheelCheck.Problem(trtllm.EffectiveWheelDir(defaults), build.Arch.Arch, trtllm.EffectiveCommit(defaults)!);
        }

        GaieSource? gaie = null;
        IReadOnlyList<string> patches = [];
        if (request.Epp)
        {
            gaie = GaieSource.Resolve(release, machine.RepoRoot);
            var patchDirectory = EppPatchDirectory(release, machine.ContainerDir);
            patches = Directory.Exists(patchDirectory)
                ? Directory.EnumerateFiles(patchDirectory, "*.patch").Order(StringComparer.Ordinal).ToList()
                : [];
        }

        var changes = request.WorkingTree ? WorkingTree.Changes(machine.RepoRoot) : null;
        return new SourceFacts(stages, wheelProblem, gaie, patches, changes);
    }
}
