using Build.Options;

namespace Build.Facts;

/// <summary>Finds the repository root (the folder holding container/), so the host works from any subfolder.</summary>
public static class RepositoryRoot
{
    public static string Find(string? given, string workingDirectory)
    {
        if (given is not null)
        {
            var full = Path.GetFullPath(given, workingDirectory);
            if (!Directory.Exists(Path.Combine(full, "container")))
            {
                throw new UsageException($"--repo-root '{given}' has no container/ folder.");
            }

            return full;
        }

        // From the working directory up, then from the host's own location (.build/host inside the clone).
        foreach (var start in new[] { workingDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "cake.config")) && Directory.Exists(Path.Combine(dir.FullName, "container")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new UsageException($"no repository root above '{workingDirectory}' (a folder with cake.config and container/): run from the clone or pass --repo-root DIR.");
    }
}
