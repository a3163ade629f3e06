using SessionTui.Ui.Styling;
using Terminal.Gui.Drawing;

namespace SessionTui.Tests.Ui;

public sealed class SgrTextTests
{
    private const string E = "\u001b";

    [Fact]
    public void Plain_text_is_one_segment_in_the_base_style()
    {
        var segments = Parse("hello world");

        var segment = Assert.Single(segments);
        Assert.Equal("hello world", segment.Text);
        Assert.Equal(UiStyle.Plain, segment.Style);
    }

    [Fact]
    public void Bold_dim_italic_underline_invert_and_strikethrough_turn_on_and_off()
    {
        var segments = Parse($"{E}[1ma{E}[22m{E}[2mb{E}[22m{E}[3mc{E}[23m{E}[4md{E}[24m{E}[7me{E}[27m{E}[9mf{E}[29mg");

        Assert.Equal(["a", "b", "c", "d", "e", "f", "g"], segments.Select(s => s.Text));
        Assert.Equal(
            [TextStyle.Bold, TextStyle.Faint, TextStyle.Italic, TextStyle.Underline, TextStyle.Reverse, TextStyle.Strikethrough, TextStyle.None],
            segments.Select(s => s.Style.Flags));
    }

    [Fact]
    public void A_line_continues_the_colour_the_previous_line_ended_in_as_capture_pane_writes_it()
    {
        // tmux capture-pane -e writes attribute changes only: the second line starts green with no escape of its own
        var lines = SgrText.ParseLines([$"{E}[32m+ return response", $"●{E}[39m Bash(git commit)", "plain"], UiStyle.Plain, color: true);

        var green = new UiStyle(XtermPalette.Of(2), null, TextStyle.None);
        Assert.Equal(green, lines[0][0].Style);
        Assert.Equal(("●", green), (lines[1][0].Text, lines[1][0].Style));
        Assert.Equal((" Bash(git commit)", UiStyle.Plain), (lines[1][1].Text, lines[1][1].Style));
        Assert.Equal(UiStyle.Plain, lines[2][0].Style);
    }

    [Fact]
    public void Standard_bright_and_default_colours_map_to_the_palette()
    {
        var segments = Parse($"{E}[31;42ma{E}[91;102mb{E}[39;49mc");

        Assert.Equal(new UiStyle(XtermPalette.Of(1), XtermPalette.Of(2), TextStyle.None), segments[0].Style);
        Assert.Equal(new UiStyle(XtermPalette.Of(9), XtermPalette.Of(10), TextStyle.None), segments[1].Style);
        Assert.Equal(UiStyle.Plain, segments[2].Style);
    }

    [Theory]
    [InlineData("38;5;208", 208)]
    [InlineData("38:5:208", 208)]
    public void Indexed_256_colours_in_semicolon_and_colon_form(string sgr, int index)
    {
        var segment = Assert.Single(Parse($"{E}[{sgr}mx"));

        Assert.Equal(XtermPalette.Of(index), segment.Style.Foreground);
    }

    [Theory]
    [InlineData("38;2;10;20;30")]
    [InlineData("38:2::10:20:30")]
    [InlineData("38:2:10:20:30")]
    public void True_colour_foreground_in_every_form(string sgr)
    {
        var segment = Assert.Single(Parse($"{E}[{sgr}mx"));

        Assert.Equal(new Color(10, 20, 30), segment.Style.Foreground);
    }

    [Fact]
    public void True_colour_and_indexed_backgrounds()
    {
        var segments = Parse($"{E}[48;2;1;2;3ma{E}[48;5;17mb");

        Assert.Equal(new Color(1, 2, 3), segments[0].Style.Background);
        Assert.Equal(XtermPalette.Of(17), segments[1].Style.Background);
    }

    [Fact]
    public void Reset_in_every_spelling_returns_to_the_base_style()
    {
        var baseStyle = new UiStyle(new Color(128, 128, 128), null, TextStyle.None);

        var segments = SgrText.Parse($"{E}[1;31ma{E}[mb{E}[1mc{E}[0md{E}[1me{E}[;mf", baseStyle, color: true);

        Assert.Equal(["a", "b", "c", "d", "e", "f"], segments.Select(s => s.Text));
        Assert.Equal(baseStyle, segments[1].Style);
        Assert.Equal(baseStyle, segments[3].Style);
        Assert.Equal(baseStyle, segments[5].Style);
    }

    [Fact]
    public void Pane_attributes_lay_over_the_base_style()
    {
        var grey = new Color(128, 128, 128);
        var segment = Assert.Single(SgrText.Parse($"{E}[1mx", new UiStyle(grey, null, TextStyle.Italic), color: true));

        Assert.Equal(new UiStyle(grey, null, TextStyle.Italic | TextStyle.Bold), segment.Style);
    }

    [Fact]
    public void Without_colour_the_pane_colours_are_dropped_and_decorations_kept()
    {
        var segment = Assert.Single(SgrText.Parse($"{E}[1;4;38;2;255;0;0;44mx", UiStyle.Plain, color: false));

        Assert.Equal(UiStyle.Of(TextStyle.Bold | TextStyle.Underline), segment.Style);
    }

    [Fact]
    public void Underline_colour_and_unknown_parameters_are_consumed_without_effect()
    {
        var segments = Parse($"{E}[58;5;196;1ma{E}[58:2::1:2:3mb{E}[53;5;73mc{E}[38;5m{E}[38;2;1md{E}[0;999;3me");

        Assert.Equal("abcde", string.Concat(segments.Select(s => s.Text)));
        Assert.Equal(TextStyle.Bold, segments[0].Style.Flags);
        Assert.Equal(UiStyle.Of(TextStyle.Italic), segments[^1].Style);
    }

    [Fact]
    public void OSC_titles_hyperlinks_cursor_moves_and_erases_are_removed()
    {
        var segments = Parse($"{E}]0;pwned{E}\\{E}]8;;http://x{E}\\link{E}]8;;\u0007 {E}[2J{E}[H{E}[10;5H{E}[?25l{E}[>4;1m{E}7{E}(Bok");

        Assert.Equal("link ok", string.Concat(segments.Select(s => s.Text)));
        Assert.All(segments, s => Assert.Equal(UiStyle.Plain, s.Style));
    }

    [Fact]
    public void DCS_and_APC_strings_and_C1_introducers_are_removed()
    {
        var segments = Parse($"a{E}Ptmux;{E}{E}[31m{E}\\b{E}_apc{E}\\c\u009b31md\u009d0;t\u0007e");

        Assert.Equal("abcde", string.Concat(segments.Select(s => s.Text)));
        Assert.Equal(XtermPalette.Of(1), segments[^1].Style.Foreground);
    }

    [Fact]
    public void An_unterminated_escape_at_the_end_of_the_line_is_dropped()
    {
        Assert.Equal("ab", string.Concat(Parse($"ab{E}[31").Select(s => s.Text)));
        Assert.Equal("ab", string.Concat(Parse($"ab{E}]0;never ends").Select(s => s.Text)));
        Assert.Equal("ab", string.Concat(Parse($"ab{E}").Select(s => s.Text)));
    }

    [Fact]
    public void Tabs_expand_to_the_next_multiple_of_eight_across_styles_and_CR_is_dropped()
    {
        var text = string.Concat(Parse($"ab{E}[1mc\td\r\t|").Select(s => s.Text));

        Assert.Equal("abc     d       |", text);
    }

    [Fact]
    public void Lone_surrogates_become_replacement_characters()
    {
        var text = string.Concat(Parse("a\ud800b\udc00c").Select(s => s.Text));

        Assert.Equal("a\ufffdb\ufffdc", text);
    }

    [Fact]
    public void Styles_become_Terminal_Gui_attributes_with_unset_colours_as_the_terminal_default()
    {
        var segments = Parse($"{E}[31mred{E}[0m plain");

        Assert.Equal(new Terminal.Gui.Drawing.Attribute(XtermPalette.Of(1), Color.None, TextStyle.None), segments[0].Style.ToAttribute());
        Assert.Equal(new Terminal.Gui.Drawing.Attribute(Color.None, Color.None, TextStyle.None), segments[1].Style.ToAttribute());
    }

    [Fact]
    public void The_256_colour_palette_is_xterms_cube_and_grey_ramp()
    {
        Assert.Equal(new Color(0, 0, 0), XtermPalette.Of(16));
        Assert.Equal(new Color(255, 135, 0), XtermPalette.Of(208));
        Assert.Equal(new Color(8, 8, 8), XtermPalette.Of(232));
        Assert.Equal(new Color(238, 238, 238), XtermPalette.Of(255));
    }

    [Fact]
    public void Adjacent_runs_of_one_style_are_merged_and_no_empty_segment_is_made()
    {
        var segments = Parse($"{E}[1m{E}[31m{E}[0ma{E}[0mb{E}[1m{E}[1mc");

        Assert.Equal(["ab", "c"], segments.Select(s => s.Text));
    }

    private static IReadOnlyList<StyledRun> Parse(string line) => SgrText.Parse(line, UiStyle.Plain, color: true);
}
