using SessionTui.Core;
using SessionTui.Rendering;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SessionTui.Tests.Rendering;

public sealed class FrameRendererTests
{
    [Theory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    [InlineData(200, 50)]
    [InlineData(41, 11)]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    public void Every_view_renders_exactly_height_rows_of_exactly_width_cells_with_and_without_colour(int width, int height)
    {
        var theme = ThemeLoader.Load(null, "themes", noColor: false);
        var state = WallFixtures.Keys(WallFixtures.SixSessions(width, height), KeyInput.Of('l'));

        foreach (var mode in new Func<WallState, WallState>[]
        {
            s => s,
            s => WallFixtures.Keys(s, KeyInput.Of('z')),
            s => WallFixtures.Keys(s, KeyInput.Of('x')),
            s => WallFixtures.Keys(s, KeyInput.Of('?')),
            s => WallFixtures.Send(WallFixtures.Keys(s, KeyInput.Of('H')), new HistoryLoaded(WallFixtures.History(), null)),
        })
        {
            foreach (var color in new[] { false, true })
            {
                var frame = new FrameRenderer(color).Render(WallView.Render(mode(state), theme), width, height);

                AssertExactly(frame, width, height);
            }
        }
    }

    [Fact]
    public void A_renderable_taller_and_wider_than_the_frame_is_cropped_keeping_the_top_rows()
    {
        var rows = Enumerable.Range(1, 30).Select(i => $"row {i} " + new string('x', 100)).ToList();

        var frame = new FrameRenderer(color: false).Render(new Oversized(rows), 20, 5);

        AssertExactly(frame, 20, 5);
        Assert.Equal("row 1 xxxxxxxxxxxxxx", frame[0]);
        Assert.Equal("row 5 xxxxxxxxxxxxxx", frame[4]);
    }

    [Fact]
    public void A_short_renderable_is_padded_with_blank_rows_and_spaces()
    {
        var frame = new FrameRenderer(color: false).Render(new Text("hi"), 6, 3);

        Assert.Equal(["hi    ", "      ", "      "], frame);
    }

    [Fact]
    public void A_wide_character_cut_by_the_right_edge_becomes_a_space()
    {
        var frame = new FrameRenderer(color: false).Render(new Text("ab日本"), 5, 1);

        Assert.Equal("ab日 ", frame[0]);
        AssertExactly(frame, 5, 1);
    }

    [Fact]
    public void Wide_CJK_emoji_and_combining_marks_measure_as_the_terminal_shows_them()
    {
        Assert.Equal(6, CellWidth.Of("日本語"));
        Assert.Equal(2, CellWidth.Of("🚀"));
        Assert.Equal(4, CellWidth.Of("cafe\u0301"));
    }

    [Fact]
    public void With_colour_a_style_change_writes_one_SGR_and_a_styled_row_ends_reset()
    {
        var frame = new FrameRenderer(color: true).Render(new Text("ok", new Style(Color.Red, decoration: Decoration.Bold)), 4, 1);

        Assert.Equal("\u001b[0;1;91mok\u001b[0m  ", frame[0]);
    }

    [Fact]
    public void With_colour_palette_colours_stay_palette_numbers_and_others_are_true_colour()
    {
        var renderer = new FrameRenderer(color: true);

        Assert.Equal("\u001b[0;32;44mx\u001b[0m", renderer.Render(new Text("x", new Style(Color.Green, Color.Navy)), 1, 1)[0]);
        Assert.Equal("\u001b[0;38;5;208mx\u001b[0m", renderer.Render(new Text("x", new Style(Color.FromInt32(208))), 1, 1)[0]);
        Assert.Equal("\u001b[0;38;2;1;2;3mx\u001b[0m", renderer.Render(new Text("x", new Style(new Color(1, 2, 3))), 1, 1)[0]);
    }

    [Fact]
    public void Without_colour_rows_have_no_escapes_at_all()
    {
        var theme = ThemeLoader.Load(null, "themes", noColor: false);

        var frame = new FrameRenderer(color: false).Render(WallView.Render(WallFixtures.SixSessions(120, 40), theme), 120, 40);

        Assert.DoesNotContain(frame, row => row.Contains('\u001b', StringComparison.Ordinal));
    }

    [Fact]
    public void A_Spectre_layout_taller_than_the_frame_keeps_its_top_rows()
    {
        var text = string.Join('\n', Enumerable.Range(1, 30).Select(i => $"line {i}"));

        var frame = new FrameRenderer(color: false).Render(new Panel(new Text(text)), 12, 4);

        Assert.Equal(["┌─────────┐ ", "│ line 1  │ ", "│ line 2  │ ", "│ line 3  │ "], frame);
    }

    internal static void AssertExactly(IReadOnlyList<string> frame, int width, int height)
    {
        Assert.Equal(height, frame.Count);
        Assert.All(frame, row => Assert.Equal(width, CellWidth.Of(TextSanitizer.Sanitize(row))));
    }

    /// <summary>A renderable that ignores the width it is given, as a buggy or foreign one might.</summary>
    private sealed class Oversized(IReadOnlyList<string> rows) : IRenderable
    {
        public Measurement Measure(RenderOptions options, int maxWidth) => new(maxWidth, maxWidth);

        public IEnumerable<Segment> Render(RenderOptions options, int maxWidth) =>
            rows.SelectMany(r => new[] { new Segment(r), Segment.LineBreak });
    }
}
