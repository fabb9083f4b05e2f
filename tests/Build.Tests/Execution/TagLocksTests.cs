using Build.Execution;

namespace Build.Tests.Execution;

/// <summary>
/// The tags' locks (docs/decisions.md §4.5): a second taker of a tag of the same engine waits, says so once, and goes on
/// when the first lets go; other tags and other engines do not wait.
/// </summary>
public sealed class TagLocksTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("tag-locks-");

    public void Dispose() => folder.Delete(recursive: true);

    private string Folder => Path.Combine(folder.FullName, TagLocks.FolderName);

    [Fact]
    public async Task A_second_run_of_the_same_tag_waits_until_the_first_lets_go()
    {
        var first = TagLocks.Take(Folder, "engine-1", ["dynamo:a", "dynamo:b"], _ => { });
        var waiting = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new List<string>();
        var second = Task.Run(() => TagLocks.Take(Folder, "engine-1", ["dynamo:b"], line =>
        {
            lock (lines)
            {
                lines.Add(line);
            }

            waiting.TrySetResult(line);
        }));

        // The event: the second taker said it waits (it cannot have the lock while the first holds it).
        var firstEvent = await Task.WhenAny(waiting.Task, second);
        Assert.True(firstEvent == waiting.Task, "the second taker got the lock while the first held it");
        Assert.Contains("another run on this engine is moving dynamo:b; waiting", await waiting.Task, StringComparison.Ordinal);
        Assert.False(second.IsCompleted);

        first.Dispose();
        using var taken = await second;
        lock (lines)
        {
            Assert.Matches(@"^dynamo:b is free after \d+\.\d s; going on$", lines[^1]);
        }
    }

    [Fact]
    public void Other_tags_and_other_engines_do_not_wait()
    {
        using var first = TagLocks.Take(Folder, "engine-1", ["dynamo:a"], _ => Assert.Fail("no wait expected"));
        using var otherTag = TagLocks.Take(Folder, "engine-1", ["dynamo:c"], _ => Assert.Fail("no wait expected"));
        using var otherEngine = TagLocks.Take(Folder, "engine-2", ["dynamo:a"], _ => Assert.Fail("no wait expected"));
        Assert.NotEqual(TagLocks.FileName("engine-1", "dynamo:a"), TagLocks.FileName("engine-2", "dynamo:a"));
    }

    [Fact]
    public void The_folder_is_shared_by_the_machines_users_like_tmp()
    {
        using var taken = TagLocks.Take(Folder, "engine-1", ["dynamo:a"], _ => { });
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal((UnixFileMode)Convert.ToInt32("1777", 8), File.GetUnixFileMode(Folder));
        }
    }
}
