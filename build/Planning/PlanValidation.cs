using Build.Context;
using Build.Docker;
using Build.Options;

namespace Build.Planning;

/// <summary>
/// Checks that need to know which tasks run or what the Dockerfiles and the wheel directory hold (from the facts);
/// all before any docker command. An option the run's tasks do not use is refused earlier, by its scope.
/// </summary>
public static class PlanValidation
{
    public static void Check(PlanInputs inputs)
    {
        var options = inputs.Options;
        var tasks = inputs.Tasks;
        var localDev = tasks.BuildsLocalDev;

        // --stage without BuildImage or RunContainer, and --dev-image, --uid, --gid without BuildLocalDev, are refused
        // before this by their option scopes (RunScopes.Check, build/Options/OptionScope.cs).
        if (options.Stage == "local-dev" && tasks.BuildsNamedStage)
        {
            throw new UsageException("--stage local-dev: local-dev images are built by --target BuildLocalDev.");
        }

        if (options.Tag is { } tag)
        {
            var images = options.DevImage is not null ? 1 : tasks.FrameworkImageTasks * options.Frameworks.Count;
            if (images > 1)
            {
                throw new UsageException($"--tag names one image, but this run builds {images} framework images: drop --tag or build one image per run.");
            }

            if (localDev && options.DevImage is null && tag.TagOrLatest.EndsWith(ImageNames.LocalDevSuffix, StringComparison.Ordinal))
            {
                throw new UsageException($"--tag '{tag}' ends with -local-dev, but it names the dev image of a local-dev build (whose image gets '-local-dev' added): give the dev image's tag.");
            }
        }

        if (options.Stage is not null && tasks.BuildsNamedStage)
        {
            foreach (var framework in options.Frameworks)
            {
                var dockerfile = inputs.Facts.Context.Of(framework).Dockerfile;
                var stages = inputs.Sources.StagesOf(inputs.Images.DockerfilePath(dockerfile));
                if (stages.Count > 0 && !stages.Contains(options.Stage))
                {
                    throw new UsageException($"--stage '{options.Stage}' is not a stage of container/{dockerfile}; its stages are {string.Join(", ", stages)}.");
                }
            }
        }

        var trtllmDefaults = inputs.Facts.Context.Trtllm;
        if (options.Frameworks.Contains(Framework.Trtllm) && options.Trtllm.EffectivePipWheel(trtllmDefaults) is null && options.DevImage is null)
        {
            var trtllm = options.Trtllm;
            var option = trtllm.UseDefaultExperimentalCommit ? "--use-default-experimental-tensorrtllm-commit" : "--tensorrtllm-commit";

            // The wheel directory holds one architecture's wheel (its commit.txt names the architecture).
            if (options.PublishPlatforms.Count > 1)
            {
                throw new UsageException($"--platform '{string.Join(',', options.PublishPlatforms)}' with {option}: the prebuilt TensorRT-LLM wheel in --tensorrtllm-pip-wheel-dir is one architecture's; publish each architecture from its own run with its own wheel (--platform linux/ARCH --push-by-digest --report-json FILE), then --target MergeManifests --digests-from FILE, or use --tensorrtllm-pip-wheel.");
            }

            if (inputs.Sources.TrtllmWheelProblem is { } problem)
            {
                throw new UsageException($"{option} needs a prebuilt TensorRT-LLM wheel in --tensorrtllm-pip-wheel-dir, but {problem}: place one .whl with a commit.txt reading '{options.Arch.Arch}_{trtllm.EffectiveCommit(trtllmDefaults)}', or use --tensorrtllm-pip-wheel (this suite does not build TensorRT-LLM from source).");
            }
        }
    }

    /// <summary>
    /// A pass-through reaches only the executor it is written for (docs/decisions.md §6.4): --bake-set is a bake override;
    /// --build-flag is a docker build flag, which a bake (and the definition --bake-file writes) carries when the flag
    /// names a setting with a bake key. Checked on the final plan, once its executor is known.
    /// </summary>
    public static void CheckPassThrough(BuildOptions options, BuildPlan plan)
    {
        if (!plan.Steps.Any(s => s.Command is DockerBuildSettings))
        {
            return;
        }

        if (plan.Executor == PlanExecutor.Sequential && options.BakeSets.Count > 0)
        {
            throw new UsageException($"--bake-set '{options.BakeSets[0]}' overrides a bake definition, but this run builds each image with docker build: pass a docker build flag with --build-flag=--FLAG=VALUE instead.");
        }

        if (options.BuildFlags.Select(f => (Flag: f, Why: BuildSettingRenderer.WhyNotCarried(f))).FirstOrDefault(f => f.Why is not null) is ({ } flag, { } why))
        {
            if (plan.Executor == PlanExecutor.Bake)
            {
                throw new UsageException($"--build-flag '{flag}' cannot go into this run's docker buildx bake: {why}. Override the definition with --bake-set 'TARGET.KEY=VALUE', or use --executor sequential.");
            }

            if (options.BakeFile is not null)
            {
                throw new UsageException($"--build-flag '{flag}' cannot go into the bake definition --bake-file writes: {why}. Override the definition with --bake-set 'TARGET.KEY=VALUE' when you bake it, or drop --bake-file.");
            }
        }
    }
}
