namespace Build.Options;

/// <summary>
/// What an option is for: the host knows which of these a run has (from its tasks and the frameworks) and refuses an
/// option none of whose scopes it has, instead of silently ignoring it. <see cref="Everywhere"/> options are always accepted.
/// </summary>
[Flags]
public enum OptionScope
{
    Everywhere = 0,

    /// <summary>A task that runs docker build (BuildBaseImage ... BuildLocalDev, BuildEpp, BuildFrontend).</summary>
    ImageBuild = 1 << 0,

    /// <summary>BuildImage, whose docker stage --stage picks.</summary>
    Stage = 1 << 1,

    /// <summary>BuildLocalDev.</summary>
    LocalDev = 1 << 2,

    /// <summary>An image build with the trtllm framework.</summary>
    Trtllm = 1 << 3,

    /// <summary>BuildEpp, when it builds (BuildFrontend's --epp-image skips it).</summary>
    BuildEpp = 1 << 4,

    BuildFrontend = 1 << 5,

    Publish = 1 << 6,

    CiMatrix = 1 << 7,

    RunContainer = 1 << 8,

    /// <summary>ShowContext: the --context overlays and the options that replace a value of the context, whose origin it shows.</summary>
    ShowContext = 1 << 9,

    /// <summary>MergeManifests: per-architecture images merged into manifest lists.</summary>
    MergeManifests = 1 << 10,
}

/// <summary>The scopes one run has, and the error line for an option outside them.</summary>
/// <param name="Active">The scopes of the tasks that run (and of the frameworks they build).</param>
/// <param name="Frameworks">The frameworks, named in the trtllm refusal.</param>
/// <param name="EppSkipped">BuildEpp is in the run but --epp-image skips it.</param>
public sealed record RunScopes(OptionScope Active, string Frameworks, bool EppSkipped)
{
    public bool Accepts(OptionScope scope) => scope == OptionScope.Everywhere || (scope & Active) != 0;

    /// <summary>Refuses the first option (in command-line order) whose scopes this run does not have, and '--' without RunContainer.</summary>
    public void Check(ParsedArguments args)
    {
        foreach (var option in args.Options)
        {
            if (!Accepts(option.Spec.Scope))
            {
                throw new UsageException(option.Spec.WhenUnused ?? Refusal(option.Spec.Name, option.Spec.Scope));
            }
        }

        if (args.HasSeparator && !Accepts(OptionScope.RunContainer))
        {
            throw new UsageException("'--' is only for RunContainer's container command (use --target RunContainer).");
        }
    }

    /// <summary>Why the option is refused, told by its first scope.</summary>
    private string Refusal(string option, OptionScope scope)
    {
        var first = (OptionScope)((int)scope & -(int)scope);
        return first switch
        {
            OptionScope.ImageBuild => $"{option} is a build option, but this run builds no image: drop it, or add a build task with --target.",
            OptionScope.Stage => $"{option} picks the stage of BuildImage (the default task) or of RunContainer's default image; the other tasks build a fixed stage.",
            OptionScope.LocalDev => $"{option} can only be used when a local-dev image is built (--target BuildLocalDev or --dev-image).",
            OptionScope.Trtllm when (Active & OptionScope.ImageBuild) == 0 => Refusal(option, OptionScope.ImageBuild),
            OptionScope.Trtllm => $"{option} only applies to --framework trtllm (framework is {Frameworks}).",
            OptionScope.BuildEpp when EppSkipped => $"{option} is only used by BuildEpp, which --epp-image skips.",
            OptionScope.RunContainer => $"{option} is a RunContainer option: use --target RunContainer.",
            _ => $"{option} is only used by --target {first}.",
        };
    }
}
