using Build.Docker;
using Build.Tests.Docker;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Integration;

/// <summary>
/// Every bake key a setting is described with is one the real <c>docker buildx bake</c> takes: a target with every
/// setting set is read back by <c>bake --print</c> (the client alone; nothing is built) with each of its keys.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BakeDefinitionTests
{
    [Fact]
    public void Buildx_bake_reads_back_every_described_key()
    {
        var dir = Directory.CreateTempSubdirectory("bake-keys-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "Dockerfile"), "FROM scratch\n");
            var key = Path.Combine(dir.FullName, "id_ed25519");
            var keygen = Run.Process("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key], dir.FullName);
            Assert.True(keygen.ExitCode == 0, keygen.ToString());

            var build = BuildSettingTests.Full with { ContextPath = dir.FullName, File = Path.Combine(dir.FullName, "Dockerfile"), Ssh = [$"default={key}"] };
            var target = BuildSettingRenderer.BakeTarget(build);
            var definition = new JObject
            {
                ["group"] = new JObject { ["default"] = new JObject { ["targets"] = new JArray("t") } },
                ["target"] = new JObject { ["t"] = target },
            };
            File.WriteAllText(Path.Combine(dir.FullName, "bake.json"), definition.ToString());

            var print = Run.Process("docker", ["buildx", "bake", "--file", "bake.json", "--print"], dir.FullName);
            Assert.True(print.ExitCode == 0, print.ToString());
            var printed = (JObject)JObject.Parse(print.Output)["target"]!["t"]!;
            var missing = target.Properties().Select(p => p.Name).Where(k => printed[k] is null).ToList();
            Assert.True(missing.Count == 0, $"bake --print lost: {string.Join(", ", missing)}\n{printed}");
            Assert.Equal("2g", (string?)printed["shm-size"]);
            Assert.Equal("10.0.0.2", (string?)printed["extra-hosts"]!["pypi.internal"]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
