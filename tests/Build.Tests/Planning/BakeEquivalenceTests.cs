using Build.Execution;
using Build.Facts;
using Build.Planning;
using Build.Tests.Docker;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Planning;

/// <summary>
/// Both executors build the same images: in --plan-json, every image's own docker build argv says what its bake target
/// says, flag by flag (<see cref="BakeEquivalence"/>), for plans of every task and the options that change builds.
/// </summary>
public sealed class BakeEquivalenceTests
{
    public static TheoryData<string> Plans => new()
    {
        "--target BuildRuntime --framework none,vllm,sglang,trtllm --build-network host",
        "--framework vllm --stage dev --no-cache --platform linux/arm64 --build-arg A=1 --build-arg FRAMEWORK=x",
        "--target BuildLocalDev --framework sglang --uid 1001 --gid 1002 --secret id=npmrc,src=/tmp/npmrc",
        "--target BuildDevImage --framework trtllm --tensorrtllm-pip-wheel tensorrt-llm==1.0 --build-context extra=/tmp/x",
        "--target BuildRuntime --framework vllm --cache-registry 127.0.0.1:5000/cache --provenance off --sbom on",
        "--target BuildRuntime --framework vllm --cache-from type=local,src=/tmp/c --cache-to type=local,dest=/tmp/c",
        "--target BuildRuntime --framework vllm --build-flag=--shm-size=2g --build-flag=--add-host=pypi:10.0.0.2 --build-flag=--ulimit=nofile=1024:2048 --build-flag=--ssh=default --build-flag=--pull",
        "--target BuildFrontend --epp-image epp:1",
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public void Every_images_argv_and_bake_target_say_the_same(string args)
    {
        var context = TestHost.Context([.. args.Split(' '), "--executor", "bake"], TestHost.ReferenceFacts() with { Buildx = new BuildxFacts("0.29.1", null) });
        var json = PlanOutput.ToJson(context.Plan, "docker");
        var builds = json["steps"]!.Where(s => (string?)s["settings"] == "DockerBuildSettings").ToList();
        var definition = (JObject)json["bake"]!["definition"]!;
        var names = definition["group"]!["default"]!["targets"]!.Select(t => (string)t!).ToList();

        Assert.NotEmpty(builds);
        Assert.Equal(builds.Count, names.Count);
        foreach (var (step, name) in builds.Zip(names))
        {
            BakeEquivalence.AssertSame(step["argv"]!.Select(a => (string)a!).ToList(), (JObject)definition["target"]![name]!, [name]);
        }
    }
}
