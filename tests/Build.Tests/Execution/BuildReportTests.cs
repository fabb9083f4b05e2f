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
}
