using System.Diagnostics;
using SessionTui.Core;
using SessionTui.Ui.Drawing;
using SessionTui.Ui.Input;
using Terminal.Gui.ViewBase;

namespace SessionTui.Ui.Views;

/// <summary>
/// A view of the wall drawn from the immutable <see cref="WallState"/> through a <see cref="Painter"/>: it keeps the last
/// state it was shown, asks to be drawn only when the part of the state it draws (<see cref="Projection"/>) changed, and
/// never lets Terminal.Gui clear its viewport (it paints every cell itself, once). A view that takes the focus in some
/// mode gets the key map's intents through its key bindings (<see cref="KeyAdapter"/>).
/// </summary>
internal abstract class StateView : View
{
    private object? _shown;

    /// <summary>Creates the view.</summary>
    /// <param name="post">Posts intents for a view that takes the focus; null for one that never does.</param>
    protected StateView(Action<Msg>? post)
    {
        CanFocus = post is not null;
        if (post is not null)
        {
            AddCommand(KeyAdapter.IntentCommand, ctx => KeyAdapter.Dispatch(ctx, post));
        }
    }

    /// <summary>The state last shown, or null before the first.</summary>
    protected WallState? State { get; private set; }

    /// <summary>Shows <paramref name="state"/>; the view is drawn again only when its projection changed.</summary>
    public void Show(WallState state)
    {
        State = state;
        var shown = Projection(state);
        if (!Equals(shown, _shown))
        {
            _shown = shown;
            SetNeedsDraw();
        }
    }

    /// <summary>What this view draws of <paramref name="state"/>: a value equal to the last one means it looks the same.</summary>
    protected abstract object Projection(WallState state);

    /// <summary>Paints every cell of the viewport from <paramref name="state"/>, each once.</summary>
    protected abstract void Paint(Painter painter, WallState state);

    /// <summary>Called after a draw pass with its painter (cells written) and its time in ms.</summary>
    protected virtual void Painted(Painter painter, double elapsedMs)
    {
    }

    /// <inheritdoc />
    protected override bool OnClearingViewport() => true;

    /// <inheritdoc />
    protected override bool OnDrawingContent(DrawContext? context)
    {
        if (State is null)
        {
            return true;
        }

        var started = Stopwatch.GetTimestamp();
        var painter = new Painter(this);
        Paint(painter, State);
        painter.Flush();
        Painted(painter, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return true;
    }
}
