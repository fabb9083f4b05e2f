namespace Build.Tests.Support;

/// <summary>
/// A docker build command reduced to what docs/decisions.md §1 calls equivalent: subcommand, Dockerfile, stage,
/// platform, context, build-arg set, tag set, caches, named contexts, secrets, --no-cache. Flag order,
/// -f/--file spelling and our OCI --label flags do not count.
/// </summary>
public sealed record DockerInvocation(
    string Subcommand,
    string? File,
    string? Target,
    string? Platform,
    string? Context,
    IReadOnlySet<string> BuildArgs,
    IReadOnlySet<string> Tags,
    IReadOnlySet<string> CacheFrom,
    IReadOnlySet<string> CacheTo,
    IReadOnlySet<string> BuildContexts,
    IReadOnlySet<string> Secrets,
    bool NoCache)
{
    public static DockerInvocation Parse(IReadOnlyList<string> argv)
    {
        var words = argv.SkipWhile(w => w != "build").Skip(1).ToList();
        string? file = null, target = null, platform = null, context = null;
        var buildArgs = new HashSet<string>();
        var tags = new HashSet<string>();
        var cacheFrom = new HashSet<string>();
        var cacheTo = new HashSet<string>();
        var contexts = new HashSet<string>();
        var secrets = new HashSet<string>();
        var noCache = false;
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            switch (w)
            {
                case "-f" or "--file": file = words[++i]; break;
                case "--target": target = words[++i]; break;
                case "--platform": platform = words[++i]; break;
                case "--build-arg": buildArgs.Add(words[++i]); break;
                case "--tag" or "-t": tags.Add(words[++i]); break;
                case "--cache-from": cacheFrom.Add(words[++i]); break;
                case "--cache-to": cacheTo.Add(words[++i]); break;
                case "--build-context": contexts.Add(words[++i]); break;
                case "--secret": secrets.Add(words[++i]); break;
                case "--label": i++; break;
                case "--network": i++; break;
                case "--no-cache": noCache = true; break;
                default:
                    Assert.False(w.StartsWith('-'), $"unexpected flag {w}");
                    Assert.Null(context);
                    context = w;
                    break;
            }
        }

        return new DockerInvocation("build", file, target, platform, context, buildArgs, tags, cacheFrom, cacheTo, contexts, secrets, noCache);
    }

    /// <summary>A worked case's line (docs/decisions.md §1.9): words joined by single spaces (it has no quoting).</summary>
    public static DockerInvocation ParseWorkedCase(string line) => Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public static void AssertEquivalent(DockerInvocation expected, DockerInvocation actual)
    {
        Assert.Equal(expected.File, actual.File);
        Assert.Equal(expected.Target, actual.Target);
        Assert.Equal(expected.Platform, actual.Platform);
        Assert.Equal(expected.Context, actual.Context);
        Assert.Equal(expected.BuildArgs.Order(), actual.BuildArgs.Order());
        Assert.Equal(expected.Tags.Order(), actual.Tags.Order());
        Assert.Equal(expected.CacheFrom.Order(), actual.CacheFrom.Order());
        Assert.Equal(expected.CacheTo.Order(), actual.CacheTo.Order());
        Assert.Equal(expected.BuildContexts.Order(), actual.BuildContexts.Order());
        Assert.Equal(expected.Secrets.Order(), actual.Secrets.Order());
        Assert.Equal(expected.NoCache, actual.NoCache);
    }
}
