using Build.Options;

namespace Build.FrontDoor;

/// <summary>
/// Maps container/run.sh's command line (its options: docs/decisions.md §1.6) onto the host's RunContainer task: the
/// same option names and values, except that the host spells -v, -e and -it long (-v, -e, -t and -w are host options)
/// and run.sh's --target (the image's stage) is --stage. The words after '--' are handed over untouched.
/// </summary>
public static class SeedRunArguments
{
    private static readonly OptionSpec Help = new("--help", OptionArity.Flag, "Show this help.", Aliases: ["-h", "-?"]);
    private static readonly OptionSpec Target = new("--target", OptionArity.Value, "Image stage: the default image is dynamo:latest-<fw>-<stage>, e.g. runtime or local-dev.", "STAGE");
    private static readonly OptionSpec InteractiveI = new("-i", OptionArity.Flag, "With -t: as -it.");
    private static readonly OptionSpec InteractiveT = new("-t", OptionArity.Flag, "With -i: as -it.");

    /// <summary>Each of run.sh's options and the host option it becomes (null: handled here).</summary>
    private static readonly IReadOnlyList<(OptionSpec RunSh, string? Host)> Map =
    [
        (Help, null),
        (RunShOption("--image"), "--image"),
        (RunShOption("--framework", BuildOptions.Specs) with { Help = "vllm (default), trtllm, sglang or none, any case; names the default image." }, "--framework"),
        (Target, "--stage"),
        (RunShOption("--name"), "--name"),
        (RunShOption("--hf-home"), "--hf-home"),
        (RunShOption("--gpus"), "--gpus"),
        (RunShOption("--runtime"), "--runtime"),
        (RunShOption("--entrypoint"), "--entrypoint"),
        (RunShOption("--workdir"), "--workdir"),
        (RunShOption("--privileged"), "--privileged"),
        (RunShOption("--rm"), "--rm"),
        (RunShOption("--volume", name: "-v") with { Help = "mount HOST_PATH|VOLUME:CONTAINER_PATH[:OPTIONS]; repeatable." }, "--volume"),
        (RunShOption("--port"), "--port"),
        (RunShOption("--env", name: "-e") with { Help = "environment variable KEY=VALUE, or KEY to pass the host's value; repeatable." }, "--env"),
        (RunShOption("--interactive", name: "-it") with { Help = "interactive terminal (also -i -t); -i only when stdin is not a terminal." }, "--interactive"),
        (InteractiveI, null),
        (InteractiveT, null),
        (RunShOption("--mount-workspace"), "--mount-workspace"),
        (RunShOption("--use-nixl-gds"), "--use-nixl-gds"),
        (RunShOption("--network"), "--network"),
        (RunShOption("--user"), "--user"),
        (RunShOption("--dry-run", BuildOptions.Specs), "--dry-run"),

        // The suite's own (not in docs/decisions.md §1.6): for engines whose hard limits are below the fixed ulimits (docker: "error setting rlimit").
        (RunShOption("--ulimit"), "--ulimit"),
    ];

    public static IReadOnlyList<OptionSpec> Specs { get; } = Map.Select(m => m.RunSh).ToList();

    /// <returns>The host's words, or null when help was asked for (and printed).</returns>
    public static IReadOnlyList<string>? Translate(IReadOnlyList<string> words, TextWriter helpOut)
    {
        var parsed = ArgumentParser.Parse(words, Specs);
        if (parsed.Has("--help"))
        {
            helpOut.WriteLine("usage: run.sh [options] [-- COMMAND [ARG...]]   (the original container/run.sh's options; docker run is run by the build host)");
            Frosting.HostCommandLine.WriteOptions(helpOut, Specs.Where(s => s != InteractiveI && s != InteractiveT));
            helpOut.WriteLine($"  {"-- COMMAND [ARG...]",-44} The container's command, each word passed as given.");
            return null;
        }

        if (parsed.Has("-i") != parsed.Has("-t"))
        {
            throw new UsageException($"{(parsed.Has("-i") ? "-i" : "-t")} alone is not supported: use -it, -ti or -i -t for an interactive terminal.");
        }

        var host = new List<string> { "--target", RunOptions.Task };
        var interactive = false;
        foreach (var option in parsed.Options)
        {
            var target = ReferenceEquals(option.Spec, InteractiveI) || ReferenceEquals(option.Spec, InteractiveT)
                ? "--interactive"
                : Map.First(m => ReferenceEquals(m.RunSh, option.Spec)).Host!;
            if (target == "--interactive")
            {
                if (interactive)
                {
                    continue;
                }

                interactive = true;
            }

            if (option.Value is not null && HostAlias(option, target) is { } alias)
            {
                // The host knows the spelling typed (-p, --hf-cache): kept, so that a message names the option as typed.
                host.AddRange(alias.StartsWith("--", StringComparison.Ordinal) ? [$"{alias}={option.Value}"] : [alias, option.Value]);
                continue;
            }

            // The --name=value form keeps values that start with '-' (given that way) intact.
            host.Add(option.Value is null ? target : $"{target}={option.Value}");
        }

        if (parsed.HasSeparator)
        {
            host.Add("--");
            host.AddRange(parsed.Passthrough);
        }

        return host;
    }

    /// <summary>The alias the user typed when the host option has it too (and a short one can carry the value), else null.</summary>
    private static string? HostAlias(ParsedOption option, string target) =>
        option.As is { } typed && typed != option.Spec.Name && option.Spec.Name == target && (option.Spec.Aliases?.Contains(typed) ?? false)
            && (typed.StartsWith("--", StringComparison.Ordinal) || !option.Value!.StartsWith('-'))
            ? typed
            : null;

    /// <summary>The host option's spec under run.sh's name (same arity, value name and help).</summary>
    private static OptionSpec RunShOption(string hostName, IReadOnlyList<OptionSpec>? table = null, string? name = null)
    {
        var spec = (table ?? RunOptions.Specs).Single(s => s.Name == hostName);
        var help = spec.Help.StartsWith("RunContainer: ", StringComparison.Ordinal) ? spec.Help["RunContainer: ".Length..] : spec.Help;
        return spec with { Name = name ?? spec.Name, Help = help, Aliases = name is null ? spec.Aliases : RunShAliases(name) };
    }

    private static IReadOnlyList<string>? RunShAliases(string name) => name == "-it" ? ["-ti"] : null;
}
