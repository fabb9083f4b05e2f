using Build.Docker;
using Build.Frosting;
using Build.Planning;
using Cake.Core.Diagnostics;
using Newtonsoft.Json.Linq;

namespace Build.Execution;

/// <summary>
/// Runs Publish's steps: docker login (password on standard input), docker tag, docker push; records each pushed
/// reference with the digest the registry gave it. A failure stops the run with docker's exit code and docker's
/// last error line (the registry's answer: unauthorized, connection refused, ...).
/// </summary>
public static class PublishRunner
{
    public static void Run(BuildContext context, IEnumerable<PlanStep> steps)
    {
        foreach (var step in steps)
        {
            context.Log.Information("==> {0}", step.Title);
            switch (step.Command)
            {
                case DockerLoginSettings login:
                    context.Docker.ExecuteQuotingErrors(login, $"docker login to {login.Server}");
                    break;
                case DockerPushSettings push:
                    context.Docker.ExecuteQuotingErrors(push, $"docker push {push.Image}");
                    context.Report.AddPushed(new PushedImage(SourceOf(context, push.Image), push.Image, Digest(context, push.Image)));
                    break;
                case DockerCommand docker:
                    context.Docker.Execute(docker, step.Title);
                    break;
                default:
                    throw new InvalidOperationException($"Publish cannot run {step.Command.GetType().Name}");
            }
        }
    }

    /// <summary>The registry's digest of a pushed reference, from the engine's RepoDigests (docker push records it).</summary>
    public static string Digest(BuildContext context, string reference)
    {
        var repository = reference[..reference.LastIndexOf(':')];
        var inspect = context.Docker.Capture(new DockerImageInspectSettings([reference], "{{json .RepoDigests}}"));
        var digest = inspect.ExitCode == 0
            ? JArray.Parse(inspect.Output.Trim()).Select(t => (string)t!).Where(d => d.StartsWith(repository + "@", StringComparison.Ordinal)).Select(d => d[(repository.Length + 1)..]).FirstOrDefault()
            : null;
        return digest ?? throw new ToolFailedException($"docker push {reference} succeeded, but the engine recorded no digest for it", 1);
    }

    private static string SourceOf(BuildContext context, string target) =>
        context.Plan.Steps.Select(s => s.Command).OfType<DockerTagSettings>().FirstOrDefault(t => t.Target == target)?.Source ?? target;
}
