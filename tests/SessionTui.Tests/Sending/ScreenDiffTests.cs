using SessionTui.Workcells.Sending;

namespace SessionTui.Tests.Sending;

public sealed class ScreenDiffTests
{
    [Fact]
    public void Lines_that_scrolled_up_are_not_new_and_lines_printed_below_them_are() =>
        Assert.Equal(["e", "f"], ScreenDiff.Added(["a", "b", "c", "d"], ["c", "d", "e", "f"]));

    [Fact]
    public void A_line_rewritten_in_place_is_new() =>
        Assert.Equal(["$ echo hi"], ScreenDiff.Added(["out", "$"], ["out", "$ echo hi"]));

    [Fact]
    public void A_line_printed_again_is_new_while_the_old_copy_is_still_on_screen() =>
        Assert.Equal(["DONE"], ScreenDiff.Added(["x", "DONE", "$ run"], ["x", "DONE", "$ run", "DONE", "$"]).Where(l => l == "DONE"));

    [Fact]
    public void Blank_lines_and_trailing_spaces_do_not_count() =>
        Assert.Empty(ScreenDiff.Added(["a  ", "", "b"], ["a", "", "", "  ", "b   "]));

    [Fact]
    public void An_unchanged_screen_has_nothing_new() =>
        Assert.Empty(ScreenDiff.Added(["a", "b", "a"], ["a", "b", "a"]));

    [Fact]
    public void A_cleared_screen_with_new_text_is_all_new() =>
        Assert.Equal(["1", "2"], ScreenDiff.Added(["a", "b"], ["1", "2"]));

    [Fact]
    public void Very_large_screens_are_compared_as_multisets()
    {
        var before = Enumerable.Range(0, 1500).Select(i => "old " + i).ToList();
        var after = Enumerable.Range(0, 1500).Select(i => i % 2 == 0 ? "old " + i : "new " + i).Reverse().ToList();

        var added = ScreenDiff.Added(before, after);

        Assert.Equal(750, added.Count);
        Assert.All(added, l => Assert.StartsWith("new ", l, StringComparison.Ordinal));
    }
}
