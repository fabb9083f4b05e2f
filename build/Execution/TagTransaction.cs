using Build.Docker;
using Build.Planning;

namespace Build.Execution;

/// <summary>Where a tag pointed before the run: an image id, or null when the engine had no such tag.</summary>
public sealed record TagBefore(string Tag, string? ImageId);

/// <summary>
/// The tags of a run as one change (docs/decisions.md §4.5). The builds carry the final tags, as the bash scripts' do
/// (docs/decisions.md §1), so BuildKit moves each tag when its image is exported. Before the first step the run takes
/// the lock of every tag it moves (<see cref="TagLocks"/>), notes where each points and holds each old image with a
/// tag of its own (<see cref="HoldTag"/>); a run that fails or is stopped before its last image step puts every tag it
/// moved back where it was; then the holds are removed and the locks let go. Once every image step
/// succeeded (at the end, or before RunContainer starts its container) the tags stay.
/// </summary>
public sealed class TagTransaction
{
    private readonly DockerTool docker;
    private readonly IReadOnlyList<TagBefore> before;
    private readonly IReadOnlyList<string> holds;
    private TagLocks? locks;

    private TagTransaction(DockerTool docker, IReadOnlyList<TagBefore> before, IReadOnlyList<string> holds, TagLocks locks)
    {
        this.docker = docker;
        this.before = before;
        this.holds = holds;
        this.locks = locks;
    }

    /// <summary>The plan's tags locked, noted and their old images held (null when the plan moves no tag of this engine).</summary>
    public static TagTransaction? Begin(DockerTool docker, BuildPlan plan, string lockFolder, Action<string> say)
    {
        var tags = EngineTags.Of(plan);
        if (tags.Count == 0)
        {
            return null;
        }

        var engine = EngineId(docker);
        var locks = TagLocks.Take(lockFolder, engine, tags, say);
        try
        {
            var before = Inspect(docker, tags).OfType<TagBefore>().ToList();
            var holds = before
                .Where(was => was.ImageId is not null)
                .Select(was => new DockerTagSettings(was.ImageId!, HoldTag(engine, was.Tag)))
                .Where(hold => docker.Capture(hold).ExitCode == 0)
                .Select(hold => hold.Target)
                .ToList();
            return new TagTransaction(docker, before, holds, locks);
        }
        catch
        {
            locks.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The tag that keeps a tag's old image while the run may still put the tag back: the containerd image store removes
    /// an image when its last tag moves. It is in the tag's own repository (seen beside it) and named after the tag's
    /// lock, so only the run that holds the lock makes or removes it; one a killed run left is moved and removed by the
    /// next run of that tag.
    /// </summary>
    public static string HoldTag(string engine, string tag)
    {
        var repository = ImageReference.TryParse(tag, out var reference, out _) ? reference.Repository : tag;
        return $"{repository}:dynamo-hold-{TagLocks.Key(engine, tag)[..24]}";
    }

    /// <summary>Every image step succeeded: the tags stay where the run put them, and the old images are let go.</summary>
    public void Commit()
    {
        if (locks is null)
        {
            return;
        }

        foreach (var hold in holds)
        {
            docker.Capture(new DockerImageRemoveSettings(hold));
        }

        locks.Dispose();
        locks = null;
    }

    /// <summary>
    /// The run did not finish its image steps: each tag that points elsewhere than before is put back (<c>docker tag</c>
    /// to the old image) or, new, removed (<c>docker image rm</c> of the tag). Returns what was put back; a command
    /// that fails is said in one line and the rest go on. Nothing after a <see cref="Commit"/>.
    /// </summary>
    public IReadOnlyList<TagBefore> RollBack(Action<string> say)
    {
        if (locks is null)
        {
            return [];
        }

        try
        {
            var now = Inspect(docker, [.. before.Select(b => b.Tag)]);
            var putBack = new List<TagBefore>();
            foreach (var (command, restored) in PutBack(before, now))
            {
                var result = docker.Capture(command);
                if (result.ExitCode == 0)
                {
                    putBack.Add(restored);
                }
                else if (restored.ImageId is not null && result.Error.Contains("No such image", StringComparison.OrdinalIgnoreCase))
                {
                    // The containerd image store removes an image when its last tag moves, and the hold could not be made.
                    say($"{restored.Tag} stays on the image this run built: the engine removed {restored.ImageId} when its last tag moved");
                }
                else
                {
                    say($"could not put {restored.Tag} back: {result.Error.Trim().Split('\n')[0]}");
                }
            }

            return putBack;
        }
        finally
        {
            Commit();
        }
    }

    /// <summary>
    /// The commands that put the tags back: for each tag noted before whose image differs now, <c>docker tag</c> from
    /// its old image, or <c>docker image rm</c> when it did not exist. A tag whose state is not known now is left.
    /// </summary>
    public static IEnumerable<(DockerCommand Command, TagBefore Restored)> PutBack(IReadOnlyList<TagBefore> before, IReadOnlyList<TagBefore?> now)
    {
        foreach (var was in before)
        {
            if (now.FirstOrDefault(n => n?.Tag == was.Tag) is not { } current || current.ImageId == was.ImageId)
            {
                continue;
            }

            yield return (was.ImageId is null ? new DockerImageRemoveSettings(was.Tag) : new DockerTagSettings(was.ImageId, was.Tag), was);
        }
    }

    /// <summary>
    /// The engine's own id and name: two contexts of one engine share their tags' locks. An engine that tells neither
    /// shares one lock per tag with every such engine of the machine (waiting more than needed, never splitting).
    /// </summary>
    private static string EngineId(DockerTool docker)
    {
        var info = docker.Capture(new DockerInfoSettings("{{.ID}} {{.Name}}"));
        return info.ExitCode == 0 && info.Output.Trim() is { Length: > 0 } id ? id : "unknown engine";
    }

    /// <summary>
    /// Where each tag points now, in one question when the engine has them all (one id a line, in the order asked);
    /// else each tag alone, so that a missing one is told from the others.
    /// </summary>
    private static IReadOnlyList<TagBefore?> Inspect(DockerTool docker, IReadOnlyList<string> tags)
    {
        var all = docker.Capture(new DockerImageInspectSettings(tags, "{{.Id}}"));
        var ids = all.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return all.ExitCode == 0 && ids.Length == tags.Count
            ? [.. tags.Select((tag, i) => new TagBefore(tag, ids[i]))]
            : [.. tags.Select(tag => Inspect(docker, tag))];
    }

    /// <summary>Where a tag points now; null when the engine's answer is neither an id nor "No such image".</summary>
    private static TagBefore? Inspect(DockerTool docker, string tag)
    {
        var result = docker.Capture(new DockerImageInspectSettings([tag], "{{.Id}}"));
        if (result.ExitCode == 0)
        {
            return new TagBefore(tag, result.Output.Trim());
        }

        return result.Error.Contains("No such image", StringComparison.OrdinalIgnoreCase) ? new TagBefore(tag, null) : null;
    }
}
