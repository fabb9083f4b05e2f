using System.Runtime.InteropServices;
using Build.Context;
using Build.Options;
using Build.Versioning;

namespace Build.Facts;

/// <summary>
/// Everything planning needs from the machine, read once up front so that planning itself stays pure
/// (tests build these by hand). Only documented environment variables are read (docs/decisions.md §2.3).
/// </summary>
/// <param name="Context">container/context.yaml with the --context overlays merged over it: every default image, version and source.</param>
public sealed record PlanningFacts(
    VersionInfo Version,
    string RepoRoot,
    int Uid,
    int Gid,
    IReadOnlySet<string> TokensInEnvironment,
    ContainerContext Context)
{
    /// <summary>Tokens that reach builds only as BuildKit secrets, by the name of their variable.</summary>
    public static readonly IReadOnlyList<string> TokenVariables = ["GITHUB_TOKEN", "GITLAB_TOKEN", "HF_TOKEN"];

    /// <summary>
    /// The client's buildx, read only when the plan builds images and --executor is not sequential; null when not
    /// read (hand-made facts too): the plan then runs sequentially without a note.
    /// </summary>
    public BuildxFacts? Buildx { get; init; }

    /// <summary>
    /// The builder the images build on (<see cref="BuilderFacts"/>), read only when it decides something: a run with
    /// --builder that builds images, or a Publish of several platforms; null when not read (hand-made facts too).
    /// </summary>
    public BuilderFacts? Builder { get; init; }

    /// <summary>The plan's Dockerfiles that have no RUN instruction (they build for any platform); read with <see cref="Builder"/>.</summary>
    public IReadOnlySet<string> DockerfilesWithoutRun { get; init; } = new HashSet<string>();

    public string ContainerDir => Path.Combine(RepoRoot, "container");

    /// <summary>The branch the shared build cache is named after (<see cref="BranchFacts"/>; docs/decisions.md §6.1).</summary>
    public string Branch { get; init; } = Docker.CacheRegistry.MainBranch;

    /// <summary>
    /// The machine's architecture as the Dockerfiles name it (amd64, arm64; null for any other): a Publish of several
    /// platforms builds its local images for it (docs/decisions.md §6.2). Hand-made facts: amd64.
    /// </summary>
    public string? NativeArchitecture { get; init; } = "amd64";

    public static PlanningFacts Gather(BuildOptions options, string workingDirectory)
    {
        var repoRoot = RepositoryRoot.Find(options.RepoRoot, workingDirectory);
        return new(
        GitVersionReader.Read(repoRoot),
        repoRoot,
        CurrentUser.Uid,
        CurrentUser.Gid,
        TokenVariables.Where(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))).ToHashSet(),
        ContextLoader.Load(repoRoot, options.ContextFiles, workingDirectory))
        {
            Branch = BranchFacts.Read(repoRoot, Environment.GetEnvironmentVariable),
            NativeArchitecture = RuntimeInformation.OSArchitecture switch
            {
                Architecture.X64 => ArchInfo.Amd64.Arch,
                Architecture.Arm64 => ArchInfo.Arm64.Arch,
                _ => null,
            },
        };
    }
}

/// <summary>The caller's numeric user and group (id -u / id -g: the local-dev image's user, docs/decisions.md §1.8).</summary>
internal static class CurrentUser
{
    public static int Uid => OperatingSystem.IsWindows() ? 1000 : (int)getuid();

    public static int Gid => OperatingSystem.IsWindows() ? 1000 : (int)getgid();

    [DllImport("libc", ExactSpelling = true)]
    private static extern uint getuid();

    [DllImport("libc", ExactSpelling = true)]
    private static extern uint getgid();
}
