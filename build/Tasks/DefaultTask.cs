using Build.Frosting;

namespace Build.Tasks;

[TaskDescription("What ./build.sh does without --target: BuildImage.")]
[IsDependentOn(typeof(BuildImageTask))]
public sealed class DefaultTask : FrostingTask<BuildContext>
{
}
