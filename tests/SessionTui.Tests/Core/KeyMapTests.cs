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
        var probes = "hjklaxyzns/H?rqQ".Select(KeyInput.Of)
            .Concat(new[] { ConsoleKey.Enter, ConsoleKey.Escape, ConsoleKey.UpArrow, ConsoleKey.DownArrow, ConsoleKey.LeftArrow, ConsoleKey.RightArrow, ConsoleKey.PageUp, ConsoleKey.PageDown }.Select(KeyInput.Of))
            .Append(KeyInput.CtrlOf('c'));
        foreach (var mode in Enum.GetValues<WallMode>())
        {
            foreach (var key in probes)
            {
                Assert.True(KeyMap.For(mode).Count(b => b.Matches(key)) <= 1, $"{key} is bound twice in {mode}");
            }
        }
    }

    [Fact]
    public void Kill_is_marked_dangerous()
    {
        Assert.True(KeyMap.Bindings.Single(b => b.Intent is KillRequested).Dangerous);
    }
}
