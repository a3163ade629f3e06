using SessionTui.Core;
using Spectre.Console.Rendering;

namespace SessionTui.Rendering;

/// <summary>
/// The pure view of the wall: <see cref="WallState"/> + <see cref="Theme"/> to a renderable of exactly
/// <see cref="WallState.Width"/> x <see cref="WallState.Height"/> cells: row 0 the header, the last row the footer, the
/// rows between the screen of <see cref="WallState.Mode"/> (grid of <see cref="WallState.Layout"/>, zoomed card, history);
/// the kill confirmation is drawn over the dimmed screen under it, help over the whole body. Text from tmux (names,
/// commands, pane output, errors) is sanitized and never parsed as markup.
/// </summary>
public static class WallView
{
    /// <summary>Renders <paramref name="state"/>.</summary>
    /// <param name="state">The state to show.</param>
    /// <param name="theme">Styles; a monochrome theme also drops the panes' colours.</param>
    /// <returns>A renderable of exactly <c>Width</c> x <c>Height</c> cells (nothing when either is 0 or less); render it
    /// with <see cref="FrameRenderer"/>.</returns>
    /// <exception cref="ArgumentNullException">A null argument.</exception>
    public static IRenderable Render(WallState state, Theme theme)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(theme);
        var canvas = new Canvas(state.Width, state.Height);
        if (canvas.Width == 0 || canvas.Height == 0)
        {
            return canvas;
        }

        if (canvas.Height >= 3)
        {
            Body(canvas, new Rect(0, 1, canvas.Width, canvas.Height - 2), state, theme, state.Mode);
        }

        Chrome.Header(canvas, state, theme);
        if (canvas.Height >= 2)
        {
            Chrome.Footer(canvas, state, theme);
        }

        return canvas;
    }

    private static void Body(Canvas canvas, Rect area, WallState state, Theme theme, WallMode mode)
    {
        switch (mode)
        {
            case WallMode.ConfirmKill:
                Body(canvas, area, state, theme, Beneath(state));
                Overlays.Dim(canvas, area);
                Overlays.Kill(canvas, area, state, theme);
                break;
            case WallMode.Help:
                Overlays.Help(canvas, area, theme);
                break;
            case WallMode.Zoom:
                GridView.Zoom(canvas, area, state, theme);
                break;
            case WallMode.History:
                HistoryView.List(canvas, area, state, theme);
                break;
            case WallMode.HistoryDetail:
                HistoryView.Detail(canvas, area, state, theme);
                break;
            default:
                GridView.Grid(canvas, area, state, theme);
                break;
        }
    }

    /// <summary>The screen under the kill dialog (never another overlay).</summary>
    private static WallMode Beneath(WallState state) =>
        state.Underneath is WallMode.ConfirmKill or WallMode.Help ? WallMode.Grid : state.Underneath;
}
