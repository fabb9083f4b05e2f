using Build.Tests.Support;

namespace Build.Tests.Integration;

/// <summary>
/// The suite leaves the engine as it found it. xunit runs collections that disable parallelization after all the
/// parallel ones, so by the time this runs every other fixture has been disposed.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EngineHygieneCollection
{
    public const string Name = "Engine hygiene (runs last)";
}

/// <summary>
/// The engine is shared (other work builds, tags and removes images beside the suite), so the check looks only at
/// names of this run: none of its images or containers is left, and the images it built from that were there before
/// (the local base images) still are.
/// </summary>
[Collection(EngineHygieneCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EngineHygieneTests
{
    private static readonly string[] Inputs = [LocalBuildInputs.BaseImage, "local/golang:bookworm"];

    [Fact]
    public void Nothing_of_this_run_is_left_in_the_engine_and_its_inputs_are_still_there()
    {
        DockerCli.Require();
        var before = TestRun.EngineBefore;
        var after = EngineSnapshot.Take();

        var leftImages = after.Images.Where(TestRun.OwnImage).ToList();
        var leftContainers = after.Containers.Where(TestRun.OwnContainer).ToList();
        var goneInputs = Inputs.Where(before.Images.Contains).Where(i => !after.Images.Contains(i)).ToList();

        Assert.True(leftImages.Count + leftContainers.Count + goneInputs.Count == 0,
            $"the suite changed the engine: images of this run ({TestRun.Prefix}) left [{string.Join(", ", leftImages)}], containers left [{string.Join(", ", leftContainers)}]; "
            + $"input images removed [{string.Join(", ", goneInputs)}]");
    }
}
