namespace Build.Tests.Support;

/// <summary>Paths of this repository, found from the test assembly's location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = Find();

    public static string Container => Path.Combine(Root, "container");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "cake.config")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
