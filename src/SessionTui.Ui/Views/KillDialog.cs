using SessionTui.Core;
using SessionTui.Ui.Drawing;
using SessionTui.Ui.Input;
using SessionTui.Ui.Styling;
using SessionTui.Ui.Text;
using Terminal.Gui.Drawing;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace SessionTui.Ui.Views;

/// <summary>
/// The kill confirmation: a Terminal.Gui <see cref="Dialog"/> run over the wall (begun as a second runnable, so the grid
/// stays visible and live under it) that names exactly what dies — from <see cref="WallState.KillTarget"/>, a copy taken
/// when the dialog opened, never the selection, which may move. Its keys are the key map's (<c>y</c>/Enter kill,
/// <c>n</c>/Esc cancel), bound on the dialog itself; the buttons answer the mouse and never take the focus, so Enter
/// cannot land on Cancel.
/// </summary>
internal sealed class KillDialog : Dialog
{
    private readonly KillBody _body;

    public KillDialog(Theme theme, Action<Msg> post, Card target)
    {
        Target = target;
        Title = "Confirm kill";
        var dialog = theme[ThemeSlots.Dialog];
        SetScheme(new Scheme(dialog.ToAttribute()) { Focus = dialog.ToAttribute(), Active = dialog.ToAttribute() });
        _body = new KillBody(theme, target) { X = 0, Y = 0, Width = Dim.Fill(), Height = 4 };
        Add(_body);
        var cancel = new Button { Text = "Cancel", CanFocus = false };
        var kill = new Button { Text = "Kill", CanFocus = false };
        cancel.Accepting += (_, e) =>
        {
            e.Handled = true;
            post(new Back());
        };
        kill.Accepting += (_, e) =>
        {
            e.Handled = true;
            post(new KillConfirmed());
        };
        AddButton(cancel);
        AddButton(kill);
        Width = Math.Max(40, KillBody.NaturalWidth(target) + 4);
        Height = 11;
        CanFocus = true;
        AddCommand(KeyAdapter.IntentCommand, ctx => KeyAdapter.Dispatch(ctx, post));
        KeyAdapter.Bind(this, WallMode.ConfirmKill, clearOthers: true);
    }

    /// <summary>The card the dialog names.</summary>
    public Card Target { get; }

    /// <summary>The dialog's text: what dies and the keys, painted from the key map.</summary>
    private sealed class KillBody(Theme theme, Card target) : View
    {
        public static int NaturalWidth(Card target) =>
            Math.Max(CellWidth.Of(Head(target)), CellWidth.Of(Detail(target)));

        protected override bool OnClearingViewport() => true;

        protected override bool OnDrawingContent(DrawContext? context)
        {
            var painter = new Painter(this);
            var dialog = theme[ThemeSlots.Dialog];
            var danger = theme[ThemeSlots.DialogDanger].Over(dialog).ToAttribute();
            var key = theme[ThemeSlots.Key].Over(dialog).ToAttribute();
            var text = dialog.ToAttribute();
            var where = $" ({Seg.Safe(target.SessionId)} on {Seg.Safe(target.Server.Label)})?";
            for (var y = 0; y < painter.Height; y++)
            {
                var row = painter.Row(0, y, painter.Width);
                switch (y)
                {
                    case 0:
                        row.Text(" Kill session ", text);
                        row.TextEllipsis(Seg.Safe(target.Name), danger, Math.Max(1, row.Left - CellWidth.Of(where)));
                        row.TextEllipsis(where, text);
                        break;
                    case 1:
                        row.TextEllipsis(" " + Detail(target), text);
                        break;
                    case 3:
                        row.Text(" ", text);
                        var first = true;
                        foreach (var hint in KeyHints.For(WallStateStub, WallMode.ConfirmKill, compact: false).Where(h => h.Label != "quit"))
                        {
                            row.Text(first ? "" : " · ", text);
                            row.Text(hint.Keys, key);
                            row.Text(" " + hint.Label, text);
                            first = false;
                        }

                        break;
                }

                row.FillRest(' ', text);
            }

            painter.Flush();
            return true;
        }

        private static string Head(Card target) => $" Kill session {Seg.Safe(target.Name)} ({Seg.Safe(target.SessionId)} on {Seg.Safe(target.Server.Label)})?";

        private static string Detail(Card target) => $"pane {Seg.Safe(target.PaneId)} · {Seg.Safe(target.Command)} · pid {target.Pid}";
    }

    /// <summary>The kill dialog's hints do not depend on the state (no filter or selection rules apply in its mode).</summary>
    private static readonly WallState WallStateStub = WallState.Initial([], 80, 24);
}
