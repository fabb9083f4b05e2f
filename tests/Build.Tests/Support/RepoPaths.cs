namespace Build.Tests.Support;

/// <summary>Paths of this repository, found from the test assembly's location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = Find();

    public static string Container => Path.Combine(Root, "container");

    /// <summary>
    /// Makes DIR/container with this repository's container/context.yaml (every default the host reads), for a
    /// checkout of a test's own used as --repo-root; returns the container folder.
    /// </summary>
    public static string MakeContainerFolder(string repoRoot)
    {
        var container = Directory.CreateDirectory(Path.Combine(repoRoot, "container")).FullName;
        File.Copy(Path.Combine(Container, "context.yaml"), Path.Combine(container, "context.yaml"), overwrite: true);
        return container;
    }

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
