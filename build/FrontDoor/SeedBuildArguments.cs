using System.Text.RegularExpressions;
using Build.Options;

namespace Build.FrontDoor;

/// <summary>
/// Maps container/build.sh's command line (its options: docs/decisions.md §1.1) onto the host's: the same option names
/// and values, except that build.sh's --target names the docker stage (here --stage, or the BuildLocalDev task).
/// </summary>
public static partial class SeedBuildArguments
{
    private static readonly OptionSpec Target = new("--target", OptionArity.Value, "Docker stage: dev (default), runtime, local-dev, ...", "STAGE");
    private static readonly OptionSpec Help = new("--help", OptionArity.Flag, "Show this help.", Aliases: ["-h", "-?"]);

    public static IReadOnlyList<OptionSpec> Specs { get; } =
        [Help, Target, .. BuildOptions.Specs.Where(s => s.Name is not ("--stage" or "--repo-root"))];

    /// <returns>The host's words, or null when help was asked for (and printed).</returns>
    public static IReadOnlyList<string>? Translate(IReadOnlyList<string> words, TextWriter helpOut)
    {
        var parsed = ArgumentParser.Parse(words, Specs);
        if (parsed.Has("--help"))
        {
            helpOut.WriteLine("usage: build.sh [options]   (the original container/build.sh's options; docker commands are run by the build host)");
            Frosting.HostCommandLine.WriteOptions(helpOut, Specs);
            return null;
        }

        if (parsed.HasSeparator)
        {
            throw new UsageException("build.sh takes no '--' (unknown option '--').");
        }

        var stage = parsed.Value("--target");
        var devImage = parsed.Value("--dev-image");
        if (devImage is not null && stage is not null)
        {
            throw new UsageException("--target cannot be used with --dev-image: use --target to build from scratch or --dev-image to build from an existing image.");
        }

        var host = new List<string>();
        if (devImage is not null || stage == "local-dev")
        {
            host.AddRange(["--target", "BuildLocalDev"]);
        }
        else
        {
            host.AddRange(["--target", "BuildImage"]);
            if (stage is not null)
            {
                host.AddRange(["--stage", stage]);
            }
        }

        foreach (var option in parsed.Without(["--target"]).Options)
        {
            // The --name=value form keeps values that start with '-' (given that way) intact.
            host.Add(option.Value is null ? option.Spec.Name : $"{option.Spec.Name}={option.Value}");
        }

        return host;
    }

    /// <summary>
    /// A host error in the front doors' words: the host's --stage is the front doors' --target (both build.sh's
    /// and run.sh's), so an error about a stage names the option the user typed.
    /// </summary>
    public static string InFrontDoorTerms(string hostMessage) => HostStage().Replace(hostMessage, "--target");

    [GeneratedRegex(@"--stage(?![\w-])")]
    private static partial Regex HostStage();
}
