using SessionTui.Core;

namespace SessionTui.Tests.Core;

public sealed class KeyMapTests
{
    [Fact]
    public void Every_mode_has_a_way_out()
    {
        foreach (var mode in Enum.GetValues<WallMode>())
        {
            Assert.Contains(KeyMap.For(mode), b => b.Intent is Back or QuitRequested or KillConfirmed);
        }
    }

    [Fact]
    public void No_two_bindings_of_one_mode_claim_the_same_key()
    {
        foreach (var mode in Enum.GetValues<WallMode>())
        {
            var chords = KeyMap.For(mode).SelectMany(b => b.Chords).ToList();
            Assert.Equal(chords.Count, chords.Distinct().Count());
        }
    }

    [Fact]
    public void Kill_is_marked_dangerous()
    {
        Assert.True(KeyMap.Bindings.Single(b => b.Intent is KillRequested).Dangerous);
    }
}
