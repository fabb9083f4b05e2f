using System.Text.RegularExpressions;
using Build.Planning;

namespace Build.Options;

/// <summary>Checks that need to know which tasks run or what the Dockerfiles hold; all before any docker command.</summary>
public static partial class BuildValidation
{
    private static readonly string[] FrameworkImageTasks = ["BuildImage", "BuildDevImage", "BuildRuntime"];

    public static void Check(BuildContext context)
    {
        var options = context.Options;
        var localDev = context.Runs("BuildLocalDev");
        if (options.Stage is not null && !context.Runs("BuildImage") && !context.Runs(RunOptions.Task))
        {
            throw new UsageException("--stage picks the stage of BuildImage (the default task) or of RunContainer's default image; the other tasks build a fixed stage.");
        }

        if (options.Stage == "local-dev" && context.Runs("BuildImage"))
        {
            throw new UsageException("--stage local-dev: local-dev images are built by --target BuildLocalDev.");
        }

        if (options.DevImage is not null && !localDev)
        {
            throw new UsageException("--dev-image builds a local-dev image: use it with --target BuildLocalDev.");
        }

        if ((options.Uid is not null || options.Gid is not null) && !localDev)
        {
            throw new UsageException($"{(options.Uid is not null ? "--uid" : "--gid")} can only be used when a local-dev image is built (--target BuildLocalDev or --dev-image).");
        }

        if (options.Tag is { } tag)
        {
            var images = options.DevImage is not null ? 1 : FrameworkImageTasks.Count(context.Runs) * options.Frameworks.Count;
            if (images > 1)
            {
                throw new UsageException($"--tag names one image, but this run builds {images} framework images: drop --tag or build one image per run.");
            }

            if (localDev && options.DevImage is null && tag.TagOrLatest.EndsWith(ImageNames.LocalDevSuffix, StringComparison.Ordinal))
            {
                throw new UsageException($"--tag '{tag}' ends with -local-dev, but it names the dev image of a local-dev build (whose image gets '-local-dev' added): give the dev image's tag.");
            }
        }

        if (options.Stage is not null && context.Runs("BuildImage"))
        {
            foreach (var framework in options.Frameworks)
            {
                var dockerfile = context.Images.DockerfilePath(framework.Dockerfile);
                var stages = Stages(dockerfile);
                if (stages.Count > 0 && !stages.Contains(options.Stage))
                {
                    throw new UsageException($"--stage '{options.Stage}' is not a stage of container/{framework.Dockerfile}; its stages are {string.Join(", ", stages)}.");
                }
            }
        }

        if (options.Frameworks.Contains(Framework.Trtllm) && options.Trtllm.EffectivePipWheel is null && options.DevImage is null)
        {
            var trtllm = options.Trtllm;
            var problem = TrtllmWheelCheck.Problem(trtllm.WheelDir, options.Arch.Arch, trtllm.EffectiveCommit!);
            if (problem is not null)
            {
                var option = trtllm.UseDefaultExperimentalCommit ? "--use-default-experimental-tensorrtllm-commit" : "--tensorrtllm-commit";
                throw new UsageException($"{option} needs a prebuilt TensorRT-LLM wheel in --tensorrtllm-pip-wheel-dir, but {problem}: place one .whl with a commit.txt reading '{options.Arch.Arch}_{trtllm.EffectiveCommit}', or use --tensorrtllm-pip-wheel (this suite does not build TensorRT-LLM from source).");
            }
        }
    }

    /// <summary>The stage names of a Dockerfile (FROM ... AS name), empty when it cannot be read.</summary>
    public static IReadOnlyList<string> Stages(string dockerfile)
    {
        if (!File.Exists(dockerfile))
        {
            return [];
        }

        return File.ReadLines(dockerfile)
            .Select(line => FromAs().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToList();
    }

    [GeneratedRegex(@"^\s*FROM\s+.+\s+AS\s+([A-Za-z0-9_.-]+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex FromAs();
}
