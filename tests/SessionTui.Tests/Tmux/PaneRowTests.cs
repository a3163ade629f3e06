using SessionTui.Tmux;

namespace SessionTui.Tests.Tmux;

public sealed class PaneRowTests
{
    private static readonly IReadOnlyList<PaneRow> All = PaneRow.Parse(TmuxFixtures.Read("list-panes-all.txt"), TmuxFixtures.Nonce);

    private static PaneRow Session(string name) => All.Single(r => r.SessionName == name && r.WindowActive && r.PaneActive);

    [Fact]
    public void The_format_is_the_one_the_fixtures_were_captured_with() =>
        Assert.Equal(TmuxFixtures.Read("pane-format.txt"), PaneRow.Format(TmuxFixtures.Nonce).Text);

    [Fact]
    public void Every_row_of_a_real_listing_is_parsed() =>
        Assert.Equal(
            ["$4", "$5", "$0", "$0", "$0", "$1", "$8", "$9", "$2", "$6", "$7", "$3"],
            All.Select(r => r.SessionId));

    [Theory]
    [InlineData("sp ace 'single' \"double\" ; $(touch /tmp/stui-fixture-x) `touch /tmp/stui-fixture-y` | #hash")]
    [InlineData("日本語 ✓")]
    [InlineData("-lead")]
    [InlineData("a_b_c")]
    [InlineData("tab\\tus\\037nl\\nback\\\\slash")]
    public void Session_names_are_kept_exactly_as_tmux_renders_them(string name) =>
        Assert.Single(All, r => r.SessionName == name);

    [Fact]
    public void Raw_control_characters_in_the_pane_path_and_command_stay_inside_their_fields()
    {
        // Given a pane whose directory and program names hold a unit separator, a tab and a newline
        var pane = Session("weird-pane").Pane;

        // Then each field is read whole, raw
        Assert.Equal("sl\u001fe\te\np", pane.CurrentCommand);
        Assert.Equal("/tmp/stui-fixture/d\u001fir\tx\ny", pane.CurrentPath);
    }

    [Fact]
    public void Ids_flags_sizes_and_times_are_read()
    {
        var api = All.Where(r => r.SessionName == "api").ToArray();

        Assert.Equal(["%0", "%1", "%2"], api.Select(r => r.Pane.PaneId));
        Assert.Equal([true, true, false], api.Select(r => r.WindowActive));
        Assert.Equal([false, true, true], api.Select(r => r.PaneActive));
        var row = api[1];
        Assert.Equal("$0", row.SessionId);
        Assert.Equal(2, row.SessionWindows);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795885641), row.SessionCreated);
        Assert.Equal(TimeSpan.Zero, row.SessionCreated.Offset);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795885641), row.Pane.WindowActivity);
        Assert.Equal(14, row.Pane.Height);
        Assert.Equal(14685, row.Pane.Pid);
        Assert.Equal("vm", row.Pane.Title);
        Assert.Equal("sleep", row.Pane.CurrentCommand);
        Assert.Equal("/tmp/stui-fixture", row.Pane.CurrentPath);
        Assert.False(row.Pane.Dead);
        Assert.Null(row.Pane.DeadStatus);
        Assert.Null(row.Pane.DeadSignal);
    }

    [Fact]
    public void Dead_panes_report_their_exit_status_or_signal()
    {
        var exited = Session("exited").Pane;
        var killed = Session("killed").Pane;

        Assert.Equal((true, 3, (int?)null), (exited.Dead, exited.DeadStatus, exited.DeadSignal));
        Assert.Equal((true, (int?)null, 9), (killed.Dead, killed.DeadStatus, killed.DeadSignal));
    }

    [Fact]
    public void The_row_printed_by_new_session_is_parsed()
    {
        var row = Assert.Single(PaneRow.Parse(TmuxFixtures.Read("new-session.txt"), TmuxFixtures.Nonce));

        Assert.Equal(("$10", "created", "%12"), (row.SessionId, row.SessionName, row.Pane.PaneId));
    }

    [Fact]
    public void Output_made_with_another_nonce_is_rejected() =>
        Assert.Throws<FormatException>(() => PaneRow.Parse(TmuxFixtures.Read("list-panes-all.txt"), "another0"));

    [Fact]
    public void A_row_with_a_field_missing_is_rejected()
    {
        var format = PaneRow.Format("abcd1234");
        var row = format.Text.Replace("#{pane_height}\u001f" + "abcd1234", "", StringComparison.Ordinal) + "\n";

        Assert.Throws<FormatException>(() => PaneRow.Parse(row, "abcd1234"));
    }

    [Fact]
    public void A_field_that_is_not_a_number_is_rejected_with_its_name()
    {
        var line = TmuxFixtures.Read("new-session.txt").Replace("\u001f" + "fixture039\u001f", "\u001f" + "fixture0tall\u001f", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => PaneRow.Parse(line, TmuxFixtures.Nonce));

        Assert.Contains("pane_height", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_output_is_no_rows() => Assert.Empty(PaneRow.Parse("", "abcd1234"));
}
