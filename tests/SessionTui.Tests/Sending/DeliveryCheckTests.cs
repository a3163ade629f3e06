using SessionTui.Tmux;
using SessionTui.Workcells.Sending;

namespace SessionTui.Tests.Sending;

public sealed class DeliveryCheckTests
{
    private static PaneText Pane(int x, params string[] lines) => new(lines, x, lines.Length - 1);

    [Fact]
    public void The_needle_is_the_end_of_the_last_non_blank_line_after_its_last_tab()
    {
        Assert.Equal("last", DeliveryCheck.NeedleOf("first\nlast\n\n  \n"));
        Assert.Equal("after tab", DeliveryCheck.NeedleOf("x\nbefore\tafter tab  \n"));
        Assert.Equal(new string('b', 40), DeliveryCheck.NeedleOf(new string('a', 3000) + new string('b', 40) + "\n"));
        Assert.Null(DeliveryCheck.NeedleOf("\n \n"));
        Assert.Null(DeliveryCheck.NeedleOf("ends with a tab\t\n"));
    }

    [Fact]
    public void A_needle_is_not_cut_inside_a_surrogate_pair()
    {
        var needle = DeliveryCheck.NeedleOf("🙂" + new string('x', 39));

        Assert.Equal(new string('x', 39), needle);
    }

    [Fact]
    public void The_text_is_delivered_when_its_end_shows_on_a_new_line_even_after_scrolling()
    {
        var check = new DeliveryCheck("one\ntwo\nthe very end\n", Pane(2, "old 1", "old 2", "$"), settleLooks: 3);

        Assert.Equal(DeliveryEvidence.None, check.Observe(Pane(5, "old 2", "$ one", "two")));
        Assert.Equal(DeliveryEvidence.Echoed, check.Observe(Pane(0, "two", "the very end", "")));
    }

    [Fact]
    public void The_end_already_on_screen_before_the_paste_is_no_evidence()
    {
        var check = new DeliveryCheck("again", Pane(2, "$ again", "$"), settleLooks: 3);

        Assert.Equal(DeliveryEvidence.None, check.Observe(Pane(2, "$ again", "$")));
        Assert.Equal(DeliveryEvidence.Echoed, check.Observe(Pane(7, "$ again", "$ again")));
    }

    [Fact]
    public void A_change_without_the_text_counts_once_it_has_settled()
    {
        var check = new DeliveryCheck("long text", Pane(2, "> "), settleLooks: 2);
        var placeholder = Pane(30, "> [Pasted text #1 +80 lines]");

        Assert.Equal(DeliveryEvidence.None, check.Observe(placeholder));
        Assert.Equal(DeliveryEvidence.None, check.Observe(placeholder));
        Assert.Equal(DeliveryEvidence.Changed, check.Observe(placeholder));
    }

    [Fact]
    public void A_pane_that_never_changes_or_never_settles_is_never_confirmed()
    {
        var quiet = new DeliveryCheck("text", Pane(0, "$"), settleLooks: 1);
        var spinner = new DeliveryCheck("text", Pane(0, "⠋ working"), settleLooks: 1);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(DeliveryEvidence.None, quiet.Observe(Pane(0, "$")));
            Assert.Equal(DeliveryEvidence.None, spinner.Observe(Pane(0, i % 2 == 0 ? "⠙ working" : "⠹ working")));
        }
    }

    [Fact]
    public void A_cursor_move_alone_is_a_change() =>
        Assert.Equal(DeliveryEvidence.Changed, Observe(new DeliveryCheck("   ", Pane(2, "$"), settleLooks: 1), Pane(5, "$"), Pane(5, "$")));

    private static DeliveryEvidence Observe(DeliveryCheck check, params PaneText[] looks)
    {
        var evidence = DeliveryEvidence.None;
        foreach (var look in looks)
        {
            evidence = check.Observe(look);
        }

        return evidence;
    }
}
