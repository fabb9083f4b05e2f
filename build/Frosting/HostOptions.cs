using Build.Options;
using Cake.Core.Diagnostics;

namespace Build.Frosting;

/// <summary>
/// Cake.Frosting's own command-line options, parsed by the same parser as the build options. Frosting's --dryrun
/// (and --noop, --whatif) is the build's --dry-run here: one dry run, which prints every command (docs/decisions.md §5.2).
/// </summary>
public sealed record HostOptions(
    IReadOnlyList<string> Targets,
    Verbosity Verbosity,
    bool Tree,
    bool Description,
    bool Exclusive,
    string? WorkingDirectory,
    bool Help,
    bool Version)
{
    public static readonly IReadOnlyList<OptionSpec> Specs =
    [
        new("--target", OptionArity.Value, "Task to run; may be given several times (default: Default).", "TASK", Repeatable: true, Aliases: ["-t"]),
        new("--verbosity", OptionArity.Value, "quiet, minimal, normal, verbose or diagnostic (default: normal).", "LEVEL", Aliases: ["-v"]),
        new("--tree", OptionArity.Flag, "Show the task dependency tree."),
        new("--description", OptionArity.Flag, "Show the task descriptions.", Aliases: ["--descriptions", "--showdescription"]),
        new("--exclusive", OptionArity.Flag, "Run the target task alone, without its dependencies.", Aliases: ["-e"]),
        new("--working", OptionArity.Value, "Working directory for the build.", "DIR", Aliases: ["-w"]),
        new("--help", OptionArity.Flag, "Show this help.", Aliases: ["-h"]),
        new("--version", OptionArity.Flag, "Show the version of the host and of Cake."),
    ];

    public static HostOptions From(ParsedArguments args)
    {
        var targets = args.Values("--target");
        return new HostOptions(
            targets.Count == 0 ? ["Default"] : targets.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            ParseVerbosity(args.Value("--verbosity")),
            args.Has("--tree"),
            args.Has("--description"),
            args.Has("--exclusive"),
            args.Value("--working"),
            args.Has("--help"),
            args.Has("--version"));
    }

    private static Verbosity ParseVerbosity(string? value) => value?.ToLowerInvariant() switch
    {
        null => Verbosity.Normal,
        "q" or "quiet" => Verbosity.Quiet,
        "m" or "minimal" => Verbosity.Minimal,
        "n" or "normal" => Verbosity.Normal,
        "v" or "verbose" => Verbosity.Verbose,
        "d" or "diagnostic" => Verbosity.Diagnostic,
        _ => throw new UsageException($"--verbosity must be quiet, minimal, normal, verbose or diagnostic (got '{value}')."),
    };
}
