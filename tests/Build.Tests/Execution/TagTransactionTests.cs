using Build.Execution;

namespace Build.Tests.Execution;

/// <summary>What a run that did not finish puts back (docs/decisions.md §4.5), decided from where the tags pointed before and now.</summary>
public sealed class TagTransactionTests
{
    [Fact]
    public void A_moved_tag_is_tagged_from_its_old_image_a_new_one_removed_and_an_unmoved_or_unknown_one_left()
    {
        TagBefore[] before = [new("a:1", "sha256:old"), new("b:1", null), new("c:1", "sha256:same"), new("d:1", "sha256:old-d"), new("e:1", null)];
        TagBefore?[] now = [new("a:1", "sha256:new"), new("b:1", "sha256:new"), new("c:1", "sha256:same"), null, new("e:1", null)];

        var commands = TagTransaction.PutBack(before, now).Select(p => (string.Join(' ', p.Command.ToArguments().Select(a => a.Value)), p.Restored.Tag)).ToList();

        Assert.Equal([("tag sha256:old a:1", "a:1"), ("image rm b:1", "b:1")], commands);
    }

    [Fact]
    public void A_tag_another_run_removed_meanwhile_is_tagged_again()
    {
        var commands = TagTransaction.PutBack([new("a:1", "sha256:old")], [new("a:1", null)]).Select(p => string.Join(' ', p.Command.ToArguments().Select(a => a.Value)));
        Assert.Equal(["tag sha256:old a:1"], commands);
    }

    [Theory]
    [InlineData("dynamo:1.0-vllm", "dynamo")]
    [InlineData("localhost:5000/team/dynamo:latest", "localhost:5000/team/dynamo")]
    [InlineData("localhost:5000/dynamo", "localhost:5000/dynamo")]
    public void An_old_image_is_held_in_its_tags_repository_under_the_tags_lock_key(string tag, string repository)
    {
        var hold = TagTransaction.HoldTag("engine-1", tag);

        Assert.Equal($"{repository}:dynamo-hold-{TagLocks.Key("engine-1", tag)[..24]}", hold);
        Assert.NotEqual(hold, TagTransaction.HoldTag("engine-2", tag));
        Assert.Matches(Build.Docker.ImageReference.TagPattern(), hold[(hold.LastIndexOf(':') + 1)..]);
    }
}
