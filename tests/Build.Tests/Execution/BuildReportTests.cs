using Build.Execution;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Execution;

public sealed class BuildReportTests
{
    [Fact]
    public void Pushed_references_and_digests_are_in_the_json_and_the_summary()
    {
        var report = new BuildReport();
        report.AddPushed(new PushedImage("dynamo:v1-none", "127.0.0.1:5000/dynamo:v1-none", "sha256:" + new string('c', 64)));
        var path = Path.GetTempFileName();
        try
        {
            report.WriteJson(path, "v1");
            var pushed = (JArray)JObject.Parse(File.ReadAllText(path))["pushed"]!;
            Assert.Equal("127.0.0.1:5000/dynamo:v1-none", (string?)pushed.Single()["reference"]);
            Assert.Equal("dynamo:v1-none", (string?)pushed.Single()["source"]);
            Assert.Equal("sha256:" + new string('c', 64), (string?)pushed.Single()["digest"]);
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal(["pushed                         digest", "127.0.0.1:5000/dynamo:v1-none  sha256:" + new string('c', 64)], report.TableLines());
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("SIGINT", null, false)]
    [InlineData(null, 1, false)]
    public void Succeeded_is_false_after_an_interruption_even_when_every_image_built(string? interruptedBy, int? failedExitCode, bool succeeded)
    {
        var report = new BuildReport { InterruptedBy = interruptedBy };
        report.Add(new BuiltImage("BuildImage", "build dynamo", ["dynamo:v1-none"], "sha256:" + new string('a', 64), 1, TimeSpan.FromSeconds(1), failedExitCode));
        var path = Path.GetTempFileName();
        try
        {
            report.WriteJson(path, "v1");
            var json = JObject.Parse(File.ReadAllText(path));
            Assert.Equal(succeeded, (bool)json["succeeded"]!);
            Assert.Equal(interruptedBy, (string?)json["interruptedBy"]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
