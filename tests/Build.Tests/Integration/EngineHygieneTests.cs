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

[Collection(EngineHygieneCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EngineHygieneTests
{
    [Fact]
    public void The_engines_images_and_containers_are_the_same_after_the_suite_as_before()
    {
        DockerCli.Require();
        var before = TestRun.EngineBefore;
        var after = EngineSnapshot.Take();

        var addedImages = after.Images.Except(before.Images).Where(i => !TestRun.OtherRun(i)).ToList();
        var removedImages = before.Images.Except(after.Images).Where(i => !TestRun.OtherRun(i)).ToList();
        var addedContainers = after.Containers.Except(before.Containers).Where(c => !TestRun.OtherRun(c)).ToList();
        var removedContainers = before.Containers.Except(after.Containers).Where(c => !TestRun.OtherRun(c)).ToList();

        Assert.True(addedImages.Count + removedImages.Count + addedContainers.Count + removedContainers.Count == 0,
            $"the suite changed the engine: images added [{string.Join(", ", addedImages)}], removed [{string.Join(", ", removedImages)}]; "
            + $"containers added [{string.Join(", ", addedContainers)}], removed [{string.Join(", ", removedContainers)}]");
    }
}
