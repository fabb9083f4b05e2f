using Build.Execution;

namespace Build.Tests.Execution;

/// <summary>
/// An output file's temporary file is marked unfinished while it is written: the third signal, which ends the host
/// without its finally blocks, removes it first. Alone in its collection: removing the unfinished files is process-wide.
/// </summary>
[Collection(Name)]
public sealed class AtomicFileTests : IDisposable
{
    public const string Name = "unfinished files";

    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("atomic-file-");

    public void Dispose() => dir.Delete(recursive: true);

    [Fact]
    public void A_write_leaves_the_whole_file_and_no_temporary_file()
    {
        var path = Path.Combine(dir.FullName, "plan.json");
        AtomicFile.Write(path, "{}\n");
        Assert.Equal("{}\n", File.ReadAllText(path));
        Assert.Equal(["plan.json"], dir.GetFiles().Select(f => f.Name));
    }

    [Fact]
    public void Giving_up_at_the_third_signal_removes_the_files_being_written_only()
    {
        var writing = Path.Combine(dir.FullName, ".plan.json.1.tmp");
        var written = Path.Combine(dir.FullName, ".report.json.2.tmp");
        File.WriteAllText(writing, "{");
        File.WriteAllText(written, "{}");
        using (Interruption.Unfinished(written))
        {
        }

        using (Interruption.Unfinished(writing))
        {
            Interruption.RemoveUnfinished();
            Assert.False(File.Exists(writing));
        }

        Assert.True(File.Exists(written));
    }
}

[CollectionDefinition(AtomicFileTests.Name, DisableParallelization = true)]
public sealed class UnfinishedFilesCollection
{
}
