using Build.Tests.Release.Support;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Release;

/// <summary>
/// Publish against a real registry (Debian's docker-registry on 127.0.0.1): what is pushed under which tags, the
/// digests in the report, pulling back by digest, and the refusals (dirty tree, untagged release, wrong password,
/// unreachable registry) that push nothing.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PublishTests : IClassFixture<EppInputs>, IDisposable
{
    private readonly LocalRegistry registry = new();
    private readonly DynamoCheckout checkout = new();
    private readonly GaieFixture gaie = new();
    private readonly string report = Path.Combine(Path.GetTempPath(), $"publish-report-{Guid.NewGuid():N}.json");
    private readonly List<string> images = [];

    /// <summary>This test's --image-namespace: the EPP image it builds is NS/dynamo-epp:…, never a user's dynamo-epp.</summary>
    private readonly string ns = TestRun.Namespace($"publish-{Guid.NewGuid():N}"[..16]);

    /// <summary>The repository of this test's small images (under the run's prefix).</summary>
    private readonly string small = $"{TestRun.Prefix}/publish-{Guid.NewGuid():N}"[..36];

    [Fact]
    public void A_release_pushes_the_images_the_run_built_with_latest_and_the_report_digest_pulls_back_and_runs()
    {
        checkout.Tag("v9.9.9");
        var result = Host(["--target", "BuildEpp", "--target", "Publish", "--gaie-dir", gaie.Path, "--epp-patches", gaie.PatchDir,
            "--registry", $"{registry.Host}/team", "--report-json", report, "--image-namespace", ns, .. EppInputs.HostArgs]);
        string[] local = [$"{ns}/dynamo-epp:v9.9.9", $"{ns}/dynamo-epp:latest", $"{registry.Host}/team/{ns}/dynamo-epp:v9.9.9", $"{registry.Host}/team/{ns}/dynamo-epp:latest"];
        images.AddRange(local);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);

        var repository = $"team/{ns}/dynamo-epp";
        Assert.Equal([repository], registry.Catalog());
        Assert.Equal(["latest", "v9.9.9"], registry.Tags(repository));
        var pushed = (JArray)JObject.Parse(File.ReadAllText(report))["pushed"]!;
        Assert.Equal([$"{registry.Host}/{repository}:v9.9.9", $"{registry.Host}/{repository}:latest"], pushed.Select(p => (string)p["reference"]!));
        Assert.Equal([$"{ns}/dynamo-epp:v9.9.9", $"{ns}/dynamo-epp:latest"], pushed.Select(p => (string)p["source"]!));
        var digest = (string)pushed[0]["digest"]!;
        Assert.Equal(registry.Digest(repository, "v9.9.9"), digest);
        Assert.Equal(registry.Digest(repository, "latest"), (string)pushed[1]["digest"]!);

        // Delete every local copy by its names (all of them are this test's; never by id, which would take any other
        // name on the image with it), then pull by digest and run.
        var id = DockerCli.ImageId(local[0])!;
        foreach (var name in local)
        {
            DockerCli.Ok("image", "rm", name);
        }

        Assert.Null(DockerCli.ImageId(id));
        var byDigest = $"{registry.Host}/{repository}@{digest}";
        DockerCli.Ok("pull", byDigest);
        images.Add(byDigest);
        Assert.Equal(GaieFixture.Output(gaie.Commit, GaieFixture.Tag), DockerCli.RunImage(byDigest).Output.Trim());
    }

    [Fact]
    public void Without_an_exact_tag_latest_tags_are_not_pushed_unless_push_latest_is_given()
    {
        checkout.Tag("v9.9.8");
        checkout.Commit("after the tag");
        var (versioned, latest) = (SmallImage("v1-none"), SmallImage("latest-none"));

        var result = Host(["--target", "Publish", "--registry", registry.Host, "--publish-image", versioned, "--publish-image", latest]);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains($"Not pushed (not a release; --push-latest pushes it): {latest}", result.Output, StringComparison.Ordinal);
        Assert.Equal(["v1-none"], registry.Tags(small));

        var forced = Host(["--target", "Publish", "--registry", registry.Host, "--publish-image", versioned, "--publish-image", latest, "--push-latest"]);
        Assert.True(forced.ExitCode == 0, forced.Output + forced.Error);
        Assert.Equal(["latest-none", "v1-none"], registry.Tags(small));
    }

    [Fact]
    public void A_dirty_tree_and_an_untagged_release_are_refused_and_nothing_is_pushed()
    {
        var image = SmallImage("v1-none");
        checkout.MakeDirty();
        var dirty = Host(["--target", "Publish", "--registry", registry.Host, "--publish-image", image]);
        Assert.Equal(2, dirty.ExitCode);
        Assert.Equal("ERROR: Publish refuses a dirty working tree (1 uncommitted change: uncommitted.txt): commit or stash them, or pass --allow-dirty.", dirty.Error.Trim());

        var untagged = Host(["--target", "Publish", "--registry", registry.Host, "--publish-image", image, "--allow-dirty", "--release-build"]);
        Assert.Equal(2, untagged.ExitCode);
        Assert.StartsWith("ERROR: Publish of a --release-build needs HEAD exactly tagged", untagged.Error.Trim(), StringComparison.Ordinal);
        Assert.Empty(registry.Catalog());

        var allowed = Host(["--target", "Publish", "--registry", registry.Host, "--publish-image", image, "--allow-dirty", "--release-build", "--allow-untagged"]);
        Assert.True(allowed.ExitCode == 0, allowed.Output + allowed.Error);
        Assert.Equal(["v1-none"], registry.Tags(small));
    }

    [Fact]
    public void A_wrong_password_fails_with_the_registrys_message_and_dockers_exit_code_and_the_right_one_pushes()
    {
        using var secured = new LocalRegistry("bob", "s3cret-pw");
        var image = SmallImage("v1-none");
        var config = Directory.CreateTempSubdirectory("docker-config-").FullName;
        var temp = Directory.CreateTempSubdirectory("publish-tmp-").FullName;

        // The user's own configuration (DOCKER_CONFIG points docker at it): a login of theirs, and settings.
        var userConfig = Path.Combine(config, "config.json");
        File.WriteAllText(userConfig, "{\n  \"auths\": {\"registry.example.invalid\": {\"auth\": \"dXNlcjpwYXNz\"}},\n  \"psFormat\": \"table {{.ID}}\"\n}\n");
        var userBytes = File.ReadAllBytes(userConfig);
        try
        {
            string[] args = ["--target", "Publish", "--registry", secured.Host, "--publish-image", image, "--registry-user", "bob", "--registry-password-env", "ITEST_REGISTRY_PW"];
            var wrong = Host(new() { ["DOCKER_CONFIG"] = config, ["ITEST_REGISTRY_PW"] = "wrong-pw", ["TMPDIR"] = temp }, args);
            Assert.Equal(1, wrong.ExitCode);
            Assert.Contains($"ERROR: docker login to {secured.Host} failed: docker exited with code 1: ", wrong.Error, StringComparison.Ordinal);
            Assert.Contains("401 Unauthorized", wrong.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("wrong-pw", wrong.Output + wrong.Error, StringComparison.Ordinal);
            Assert.Empty(secured.Catalog());

            // Without a login the registry refuses the push itself.
            var anonymous = Host(new() { ["DOCKER_CONFIG"] = config }, ["--target", "Publish", "--registry", secured.Host, "--publish-image", image]);
            Assert.Equal(1, anonymous.ExitCode);
            Assert.Contains($"ERROR: docker push {secured.Host}/{small}:v1-none failed: docker exited with code 1: ", anonymous.Error, StringComparison.Ordinal);
            Assert.Empty(secured.Catalog());

            var right = Host(new() { ["DOCKER_CONFIG"] = config, ["ITEST_REGISTRY_PW"] = "s3cret-pw", ["TMPDIR"] = temp }, args);
            Assert.True(right.ExitCode == 0, right.Output + right.Error);
            Assert.Equal(["v1-none"], secured.Tags(small));

            // The logins went to the run's own configuration (docs/decisions.md §4.4): the user's file is byte for byte
            // as it was, and the run's folder (in TMPDIR) is gone after the failed and the successful run alike.
            Assert.Equal(userBytes, File.ReadAllBytes(userConfig));
            Assert.Equal(["config.json"], Directory.EnumerateFileSystemEntries(config).Select(Path.GetFileName));
            Assert.Empty(Directory.EnumerateFileSystemEntries(temp, "dynamo-docker-config-*"));

            // And the login does not outlive the run: pushing again without --registry-user is refused by the registry.
            var after = Host(new() { ["DOCKER_CONFIG"] = config, ["TMPDIR"] = temp }, ["--target", "Publish", "--registry", secured.Host, "--publish-image", image]);
            Assert.Equal(1, after.ExitCode);
            Assert.Contains($"ERROR: docker push {secured.Host}/{small}:v1-none failed: docker exited with code 1: ", after.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
            Directory.Delete(config, recursive: true);
            DockerCli.Cli("image", "rm", $"{secured.Host}/{small}:v1-none");
        }
    }

    [Fact]
    public void An_unreachable_registry_fails_with_dockers_message_and_exit_code()
    {
        var image = SmallImage("v1-none");
        // A port this test holds bound but not listening: nothing else can take it, and connecting is refused.
        using var held = LocalRegistry.ClosedPort();
        var closed = $"127.0.0.1:{((System.Net.IPEndPoint)held.LocalEndPoint!).Port}";
        var result = Host(["--target", "Publish", "--registry", closed, "--publish-image", image]);
        images.Add($"{closed}/{small}:v1-none");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"ERROR: docker push {closed}/{small}:v1-none failed: docker exited with code 1: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("connection refused", result.Error, StringComparison.Ordinal);
    }

    private Run.Result Host(string[] args) => Host(new(), args);

    private Run.Result Host(Dictionary<string, string?> environment, string[] args) =>
        EppInputs.Host(environment, ["--repo-root", checkout.Path, .. args]);

    /// <summary>A tiny image of this test (FROM the local base, a label naming the test), tagged under the run's prefix.</summary>
    private string SmallImage(string tag)
    {
        var name = $"{small}:{tag}";
        var context = Directory.CreateTempSubdirectory("small-image-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {EppInputs.BaseImage}\nLABEL itest=\"{context}\"\n");
            DockerCli.Ok("build", "--quiet", "--network", "none", "-t", name, context);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }

        images.Add(name);
        images.Add($"{registry.Host}/{name}");
        return name;
    }

    public void Dispose()
    {
        foreach (var image in images)
        {
            DockerCli.Cli("image", "rm", image);
        }

        TestRun.RemoveNamespace(ns);
        registry.Dispose();
        checkout.Dispose();
        gaie.Dispose();
        File.Delete(report);
    }
}
