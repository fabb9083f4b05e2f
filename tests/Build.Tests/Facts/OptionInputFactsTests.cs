using Build.Facts;
using Build.Options;
using Build.Tests.Support;

namespace Build.Tests.Facts;

/// <summary>The option checks that read the machine, done once before planning (the parsers stay pure).</summary>
public sealed class OptionInputFactsTests
{
    private static readonly string[] Publish = [ReleaseOptions.PublishTask];

    [Fact]
    public void Relative_paths_are_taken_from_the_working_directory_and_made_absolute()
    {
        var work = Directory.CreateTempSubdirectory("facts-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(work, "gaie"));
            File.WriteAllText(Path.Combine(work, "lib.a"), "x");
            var release = OptionInputFacts.Check(new BuildOptions(), new ReleaseOptions { GaieDir = "gaie", DynamoCapiLib = "./lib.a" }, ["BuildEpp"], work);
            Assert.Equal(Path.Combine(work, "gaie"), release.GaieDir);
            Assert.Equal(Path.Combine(work, "lib.a"), release.DynamoCapiLib);

            var missing = Assert.Throws<UsageException>(() => OptionInputFacts.Check(new BuildOptions(), new ReleaseOptions { DynamoCapiInclude = "none.h" }, ["BuildEpp"], work));
            Assert.Equal("--dynamo-capi-include 'none.h' is not an existing file.", missing.Message);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void A_registry_user_needs_the_password_variable_in_a_real_run_only()
    {
        var release = new ReleaseOptions { RegistryUser = "ci", RegistryPasswordVariable = "PW" };
        var unset = Assert.Throws<UsageException>(() => OptionInputFacts.Check(new BuildOptions(), release, Publish, "/", _ => null));
        Assert.StartsWith("--registry-user ci: the password variable PW is empty or unset", unset.Message, StringComparison.Ordinal);

        Assert.Same(release.RegistryUser, OptionInputFacts.Check(new BuildOptions(), release, Publish, "/", name => name == "PW" ? "secret" : null).RegistryUser);
        Assert.Equal("ci", OptionInputFacts.Check(new BuildOptions { DryRun = true }, release, Publish, "/", _ => null).RegistryUser);
    }
}
