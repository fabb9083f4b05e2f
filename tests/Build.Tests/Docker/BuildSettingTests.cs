using Build.Docker;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Docker;

/// <summary>
/// Every property of <see cref="DockerBuildSettings"/> is described once (<see cref="BuildSettingAttribute"/>), and the
/// one renderer writes the argv and the bake target of any build alike; a --build-flag with a bake key is carried.
/// </summary>
public sealed class BuildSettingTests
{
    /// <summary>The property types each form takes.</summary>
    private static readonly Dictionary<SettingForm, Type[]> FormTypes = new()
    {
        [SettingForm.Scalar] = [typeof(string)],
        [SettingForm.Positional] = [typeof(string)],
        [SettingForm.Command] = [typeof(string)],
        [SettingForm.List] = [typeof(IReadOnlyList<string>), typeof(string)],
        [SettingForm.PassThrough] = [typeof(IReadOnlyList<string>)],
        [SettingForm.Map] = [typeof(IReadOnlyList<KeyValuePair<string, string>>)],
        [SettingForm.Flag] = [typeof(bool)],
        [SettingForm.Attestation] = [typeof(bool?)],
    };

    /// <summary>A build with every setting a bake target takes set (one value each), on the engine's builder.</summary>
    public static readonly DockerBuildSettings Full = new()
    {
        ContextPath = "/r",
        File = "/r/container/Dockerfile",
        Target = "dev",
        Platform = "linux/arm64",
        Network = "host",
        BuildArgs = [new("A", "1"), new("B", "x=y")],
        Secrets = ["id=HF_TOKEN,env=HF_TOKEN"],
        CacheFrom = ["type=registry,ref=127.0.0.1:5000/c:a"],
        CacheTo = ["type=registry,ref=127.0.0.1:5000/c:a,mode=max"],
        Tags = ["dynamo:1-dev", "dynamo:latest-dev"],
        BuildContexts = [new("trtllm_wheel", "/tmp/w")],
        Labels = [new("org.opencontainers.image.version", "1")],
        NoCache = true,
        Outputs = ["type=docker"],
        Annotations = ["manifest:org.opencontainers.image.version=1"],
        Provenance = true,
        Sbom = false,
        ShmSize = "2g",
        ExtraHosts = [new("pypi.internal", "10.0.0.2")],
        Ulimits = ["nofile=1024:2048"],
        Ssh = ["default"],
        Pull = true,
        NoCacheFilter = ["dev"],
    };

    [Fact]
    public void Every_settings_property_is_described_with_a_form_its_type_takes()
    {
        var properties = typeof(DockerBuildSettings).GetProperties()
            .Where(p => p.SetMethod is not null && p.DeclaringType == typeof(DockerBuildSettings))
            .Select(p => p.Name)
            .Order(StringComparer.Ordinal);
        Assert.Equal(properties, BuildSetting.All.Select(s => s.Name).Order(StringComparer.Ordinal));

        foreach (var setting in BuildSetting.All)
        {
            var type = Nullable.GetUnderlyingType(setting.Property.PropertyType) is { } inner && setting.Description.Form != SettingForm.Attestation
                ? inner
                : setting.Property.PropertyType;
            Assert.True(FormTypes[setting.Description.Form].Contains(type), $"{setting.Name}: {setting.Description.Form} does not take {type}");
            var described = setting.Description;
            if (described.Form is not (SettingForm.Positional or SettingForm.PassThrough))
            {
                Assert.True(described.Flag?.StartsWith('-') == true, $"{setting.Name} has no docker build flag");
            }

            // A setting of the image has a bake key, or says why a bake target has none.
            if (described.Form is not (SettingForm.Command or SettingForm.PassThrough))
            {
                Assert.True(described.BakeKey is not null ^ described.NoBakeKey is not null, $"{setting.Name}: a bake key or the reason it has none");
            }
        }
    }

    [Fact]
    public void The_argv_and_the_bake_target_of_a_build_with_every_setting_say_the_same()
    {
        BakeEquivalence.AssertSame(Full.ToArguments().Select(a => a.Value).ToList(), BuildSettingRenderer.BakeTarget(Full), Full.Tags);
        Assert.Equal(["network.host", "ssh"], BuildSettingRenderer.Entitlements([Full]));
    }

    [Fact]
    public void Ssh_needs_the_ssh_entitlement_and_file_reads_for_its_paths()
    {
        var build = new DockerBuildSettings { File = "/r/Dockerfile", ContextPath = "/r", Ssh = ["default", "git=/home/u/.ssh/id,/tmp/k2"], ExtraFlags = ["--ssh=x=/tmp/k3"] };
        Assert.Equal(["ssh", "fs.read=/home/u/.ssh/id", "fs.read=/tmp/k2", "fs.read=/tmp/k3"], BuildSettingRenderer.Entitlements([build]));
    }

    [Fact]
    public void The_argv_keeps_its_order_and_a_bake_target_has_the_bake_definitions_order()
    {
        Assert.Equal(
            "build -f /r/container/Dockerfile --target dev --platform linux/arm64 --network host --build-arg A=1 --build-arg B=x=y"
            + " --secret id=HF_TOKEN,env=HF_TOKEN --cache-from type=registry,ref=127.0.0.1:5000/c:a --cache-to type=registry,ref=127.0.0.1:5000/c:a,mode=max"
            + " --tag dynamo:1-dev --tag dynamo:latest-dev --build-context trtllm_wheel=/tmp/w --label org.opencontainers.image.version=1 --no-cache"
            + " --output type=docker --annotation manifest:org.opencontainers.image.version=1 --provenance true --sbom false"
            + " --shm-size 2g --add-host pypi.internal:10.0.0.2 --ulimit nofile=1024:2048 --ssh default --pull --no-cache-filter dev /r",
            string.Join(' ', Full.ToArguments().Select(a => a.Value)));
        Assert.Equal(
            ["context", "dockerfile", "target", "platforms", "network", "args", "contexts", "secret", "cache-from", "cache-to", "tags", "labels", "no-cache",
             "output", "annotations", "attest", "shm-size", "extra-hosts", "ulimits", "ssh", "pull", "no-cache-filter"],
            BuildSettingRenderer.BakeTarget(Full).Properties().Select(p => p.Name));
        Assert.True(Full.ToArguments().Single(a => a.Value == "id=HF_TOKEN,env=HF_TOKEN").IsSecret);
    }

    [Fact]
    public void Pass_through_flags_with_a_bake_key_are_carried_as_docker_build_reads_them()
    {
        var build = new DockerBuildSettings
        {
            File = "/r/Dockerfile",
            ContextPath = "/r",
            Network = "none",
            BuildArgs = [new("A", "1")],
            ExtraFlags = ["--shm-size=1g", "--shm-size=2g", "--add-host=a:10.0.0.1", "--add-host=b=10.0.0.2", "--ulimit=nofile=1024:2048", "--ssh=default",
                "--pull", "--build-arg=A=2", "--network=host", "--no-cache=false", "--file=/r/Other"],
        };

        // The user's words stay as typed on docker build's command line, after the mapped flags.
        Assert.Equal("build -f /r/Dockerfile --network none --build-arg A=1 " + string.Join(' ', build.ExtraFlags) + " /r", string.Join(' ', build.ToArguments().Select(a => a.Value)));

        var target = BuildSettingRenderer.BakeTarget(build);
        Assert.Equal("2g", (string?)target["shm-size"]);
        Assert.Equal("""{"a":"10.0.0.1","b":"10.0.0.2"}""", target["extra-hosts"]!.ToString(Newtonsoft.Json.Formatting.None));
        Assert.Equal(["nofile=1024:2048"], target["ulimits"]!.Select(v => (string)v!));
        Assert.Equal(["default"], target["ssh"]!.Select(v => (string)v!));
        Assert.True((bool)target["pull"]!);
        Assert.Equal("2", (string?)target["args"]!["A"]);
        Assert.Equal("host", (string?)target["network"]);
        Assert.Null(target["no-cache"]);
        Assert.Equal("/r/Other", (string?)target["dockerfile"]);
        Assert.Equal(["network.host", "ssh"], BuildSettingRenderer.Entitlements([build]));
    }

    [Theory]
    [InlineData("--iidfile=/tmp/id", "--iidfile has no bake equivalent")]
    [InlineData("--quiet", "--quiet has no bake equivalent")]
    [InlineData("--metadata-file=/tmp/m.json", "--metadata-file has no bake equivalent: a bake writes one metadata file for all its targets")]
    [InlineData("--builder=other", "--builder has no bake equivalent")]
    [InlineData("--shm-size", "--shm-size needs a value (--shm-size=VALUE)")]
    [InlineData("--build-arg=KEY", "--build-arg needs KEY=VALUE")]
    [InlineData("--add-host=h", "--add-host needs KEY:VALUE")]
    [InlineData("--pull=always", "--pull takes true or false")]
    [InlineData("--provenance=mode=max", "--provenance is carried as true or false; write other attestations with --bake-set 'TARGET.attest=...'")]
    public void Pass_through_flags_without_a_bake_form_say_why(string word, string why)
    {
        Assert.Equal(why, BuildSettingRenderer.WhyNotCarried(word));
    }

    [Theory]
    [InlineData("--shm-size=2g")]
    [InlineData("--add-host=h:1.2.3.4")]
    [InlineData("--ulimit=nofile=10:20")]
    [InlineData("--ssh=default")]
    [InlineData("--ssh=key=/home/u/.ssh/id")]
    [InlineData("--pull")]
    [InlineData("--label=a=b")]
    [InlineData("--provenance=false")]
    public void Pass_through_flags_with_a_bake_key_are_carried(string word)
    {
        Assert.Null(BuildSettingRenderer.WhyNotCarried(word));
    }
}

/// <summary>
/// The argv of a build and its bake target compared flag by flag: each flag's value is under the flag's bake key, and
/// the target has no key the argv lacks, except what a bake adds itself (a <c>target:</c> context linking an earlier
/// target, the image store as output when the build names none).
/// </summary>
public static class BakeEquivalence
{
    public static void AssertSame(IReadOnlyList<string> argv, JObject target, IReadOnlyList<string> tags)
    {
        var words = argv.SkipWhile(w => w != "-f").ToList();
        var expected = new JObject();
        var lists = new Dictionary<string, JArray>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count - 1; i++)
        {
            var word = words[i];
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            var (flag, value) = eq > 0 && word.StartsWith("--", StringComparison.Ordinal) ? (word[..eq], word[(eq + 1)..]) : (word, (string?)null);
            var setting = BuildSetting.ByFlag(flag) ?? throw new Xunit.Sdk.XunitException($"argv flag {flag} is no described setting");
            var key = setting.Description.BakeKey ?? throw new Xunit.Sdk.XunitException($"argv flag {flag} has no bake key");
            if (setting.Description.Form == SettingForm.Flag)
            {
                expected[key] = value != "false";
                continue;
            }

            value ??= words[++i];
            switch (setting.Description.Form)
            {
                case SettingForm.Map:
                    var at = value.IndexOfAny([setting.Description.Separator[0], '=']);
                    ((JObject)(expected[key] ??= new JObject()))[value[..at]] = value[(at + 1)..];
                    break;
                case SettingForm.List:
                    (lists.TryGetValue(key, out var list) ? list : lists[key] = []).Add(value);
                    expected[key] = lists[key];
                    break;
                case SettingForm.Attestation:
                    (lists.TryGetValue(key, out var attest) ? attest : lists[key] = []).Add(value == "true" ? setting.Description.AttestOn : setting.Description.AttestOff);
                    expected[key] = lists[key];
                    break;
                default:
                    expected[key] = value;
                    break;
            }
        }

        expected["context"] = words[^1];
        var actual = (JObject)target.DeepClone();
        if (expected["output"] is null && actual["output"] is JArray { Count: 1 } output
            && (string?)output[0] is "type=docker" or DockerBakeSettings.LinkedOutput)
        {
            actual.Remove("output");
        }

        if (actual["contexts"] is JObject contexts)
        {
            foreach (var link in contexts.Properties().Where(p => ((string?)p.Value)!.StartsWith("target:", StringComparison.Ordinal)).ToList())
            {
                link.Remove();
            }

            if (!contexts.HasValues)
            {
                actual.Remove("contexts");
            }
        }

        var difference = expected.Properties().Select(p => p.Name).Union(actual.Properties().Select(p => p.Name))
            .Where(key => Text(expected[key]) != Text(actual[key]))
            .Select(key => $"{key}: argv {Text(expected[key])}, bake {Text(actual[key])}")
            .ToList();
        Assert.True(difference.Count == 0, $"{string.Join(", ", tags)}: {string.Join("; ", difference)}");
    }

    /// <summary>A value as JSON text (a parsed definition may hold a label's time as a date).</summary>
    private static string Text(JToken? value) => value?.ToString(Newtonsoft.Json.Formatting.None) ?? "(none)";
}
