using Build.Facts;
using Build.Execution;
using Build.FrontDoor;
using Build.Planning;
using Build.Tests.Support;

namespace Build.Tests.RunContainerSupport;

/// <summary>RunContainer's context made as the host makes it, with fixed facts (docs/decisions.md §1.9: repository at /repo).</summary>
public static class RunTestHost
{
    /// <summary>A machine with a GPU and a terminal, HF_HOME unset, no platform port in use, called from /repo/container.</summary>
    public static RunFacts Facts(bool gpu = true, bool terminal = true, string? hfHomeEnvironment = null, IReadOnlyList<int>? portsInUse = null) => new(
        "/repo",
        "/repo/container",
        hfHomeEnvironment,
        terminal,
        new GpuDetection(gpu, gpu ? "stub lists 1 GPU" : "stub finds none"),
        portsInUse ?? []);

    public static BuildContext Context(IReadOnlyList<string> hostArgs, RunFacts? facts = null) =>
        BuildHost.Create(run => BuildSetup.Create(run, (_, _) => TestHost.ReferenceFacts(), (_, _) => facts ?? Facts())).CreateContext(hostArgs);

    /// <summary>Through the container/run.sh front door, with run.sh's options (docs/decisions.md §1.6).</summary>
    public static BuildContext FrontDoor(RunFacts facts, params string[] runShArgs) =>
        Context(SeedRunArguments.Translate(runShArgs, TextWriter.Null)!, facts);

    public static BuildContext FrontDoor(params string[] runShArgs) => FrontDoor(Facts(), runShArgs);

    /// <summary>The dry-run lines: mkdir -p lines, then the docker run line.</summary>
    public static IReadOnlyList<string> ShellLines(BuildContext context) => PlanOutput.ShellLines(context.Plan, "docker").ToList();

    public static string[] Argv(BuildContext context) =>
        context.Plan.Steps.Single().Command.ToArguments().Select(a => a.Value).ToArray();
}
