namespace Build.Tests.Support;

/// <summary>A temporary TensorRT-LLM wheel directory: one wheel and a commit.txt.</summary>
public sealed class TrtllmWheelDir : IDisposable
{
    private TrtllmWheelDir(string path) => Path = path;

    public string Path { get; }

    public static TrtllmWheelDir Create(string commitText, int wheels = 1)
    {
        var dir = Directory.CreateTempSubdirectory("trtllm-wheel-").FullName;
        for (var i = 0; i < wheels; i++)
        {
            File.WriteAllText(System.IO.Path.Combine(dir, $"tensorrt_llm-{i}.0-py3-none-any.whl"), "wheel");
        }

        File.WriteAllText(System.IO.Path.Combine(dir, "commit.txt"), commitText + "\n");
        return new TrtllmWheelDir(dir);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
