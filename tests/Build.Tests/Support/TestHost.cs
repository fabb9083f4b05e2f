using Build.Context;
using Build.Facts;
using Build.FrontDoor;
using Build.Execution;
using Build.Planning;
using Build.Versioning;

namespace Build.Tests.Support;

/// <summary>Makes a context (options, plan) exactly as the host does, with fixed facts instead of the machine's.</summary>
public static class TestHost
{
    /// <summary>The facts the reference's worked cases assume (docs/decisions.md §1.9).</summary>
    public static PlanningFacts ReferenceFacts(IReadOnlySet<string>? tokens = null) => new(
        VersionInfo.From(null, "v0.4.1", "abc1234abc1234abc1234abc1234abc1234abc12", "abc1234", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), null),
        "/repo",
        1000,
        1000,
        tokens ?? new HashSet<string>(),
        DefaultContext);

    /// <summary>This repository's container/context.yaml, read once (the facts are otherwise fixed).</summary>
    public static ContainerContext DefaultContext => LazyDefaultContext.Value;

    private static readonly Lazy<ContainerContext> LazyDefaultContext = new(() => ContextLoader.Load(RepoPaths.Root, [], RepoPaths.Root));

    /// <summary>The reference facts with the given --context overlays (paths relative to the repository root).</summary>
    public static PlanningFacts FactsWithOverlays(params string[] overlays) =>
        ReferenceFacts() with { Context = ContextLoader.Load(RepoPaths.Root, overlays, RepoPaths.Root) };

    public static BuildContext Context(IReadOnlyList<string> hostArgs, PlanningFacts? facts = null) =>
        BuildHost.Create(run => BuildSetup.Create(run, (_, _) => facts ?? ReferenceFacts())).CreateContext(hostArgs);

    /// <summary>Through the container/build.sh front door, with build.sh's options (docs/decisions.md §1.1).</summary>
    public static BuildContext FrontDoor(params string[] buildShArgs) =>
        Context(SeedBuildArguments.Translate(buildShArgs, TextWriter.Null)!);

    public static IReadOnlyList<string> ShellLines(BuildContext context) => PlanOutput.ShellLines(context.Plan, "docker").ToList();
}
