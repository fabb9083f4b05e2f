using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Build.Tests.Support;

/// <summary>
/// Looks for a string in the files of images: `docker image save` of all of them (each layer once), every layer
/// unpacked (gzip or plain tar) and every file's bytes searched, names included. Returns the images' files that hold it.
/// </summary>
public static class ImageFiles
{
    public static IReadOnlyList<string> FilesContaining(IEnumerable<string> images, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        var info = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "image", "save" }.Concat(images))
        {
            info.ArgumentList.Add(arg);
        }

        using var save = Process.Start(info)!;
        var error = save.StandardError.ReadToEndAsync();
        var found = new List<string>();
        using (var archive = new TarReader(save.StandardOutput.BaseStream))
        {
            while (archive.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is null)
                {
                    continue;
                }

                // Blobs are layers (tar, maybe gzip) or JSON (config, manifests: history and labels are checked too).
                using var blob = Copy(entry.DataStream);
                if (LooksLikeGzip(blob))
                {
                    using var layer = Copy(new GZipStream(blob, CompressionMode.Decompress));
                    found.AddRange(ScanLayer(layer, needle).Select(f => $"{entry.Name}:{f}"));
                }
                else if (LooksLikeTar(blob))
                {
                    found.AddRange(ScanLayer(blob, needle).Select(f => $"{entry.Name}:{f}"));
                }
                else if (Contains(blob.ToArray(), needle))
                {
                    found.Add(entry.Name);
                }
            }
        }

        save.WaitForExit();
        Assert.True(save.ExitCode == 0, "docker image save failed: " + error.Result);
        return found;
    }

    private static IEnumerable<string> ScanLayer(MemoryStream layer, byte[] needle)
    {
        layer.Position = 0;
        using var files = new TarReader(layer, leaveOpen: true);
        var hits = new List<string>();
        while (files.GetNextEntry() is { } file)
        {
            if (Contains(Encoding.UTF8.GetBytes(file.Name + "\n" + file.LinkName), needle)
                || (file.DataStream is not null && Contains(Copy(file.DataStream).ToArray(), needle)))
            {
                hits.Add(file.Name);
            }
        }

        return hits;
    }

    private static MemoryStream Copy(Stream source)
    {
        var copy = new MemoryStream();
        source.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }

    private static bool LooksLikeGzip(MemoryStream blob) => blob.Length > 2 && blob.GetBuffer()[0] == 0x1f && blob.GetBuffer()[1] == 0x8b;

    /// <summary>A POSIX/GNU tar header carries "ustar" at offset 257.</summary>
    private static bool LooksLikeTar(MemoryStream blob) =>
        blob.Length >= 512 && Encoding.ASCII.GetString(blob.GetBuffer(), 257, 5) == "ustar";

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
