using SessionTui.Core;
using SessionTui.Ui.Drawing;
using SessionTui.Ui.Input;
using SessionTui.Ui.Styling;
using Terminal.Gui.Drawing;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace SessionTui.Ui.Views;

/// <summary>
/// The launch form: a Terminal.Gui <see cref="Dialog"/> run over the wall (begun as a second runnable, as the kill dialog
/// is) with one <see cref="TextField"/> per <see cref="LaunchField"/>. It follows <see cref="WallState.Launch"/>: every edit
/// is posted as <see cref="LaunchFieldChanged"/>, the focus is the state's (Tab, Shift-Tab and the arrows move it through
/// the key map; a click posts <see cref="LaunchFieldFocused"/>), and the problem of the last submit is shown in the form
/// under the fields, which stay as typed. Enter launches and Esc cancels, from any field.
/// </summary>
internal sealed class LaunchDialog : Dialog
{
    /// <summary>Columns of the field labels.</summary>
    private const int LabelWidth = 11;

    private readonly Dictionary<LaunchField, FormField> _fields = [];
    private readonly Dictionary<LaunchField, Label> _labels = [];
    private readonly Scheme _label;
    private readonly Scheme _focusedLabel;
    private readonly LaunchNotes _notes;
    private readonly Action<Msg> _post;
    private LaunchField? _focused;

    public LaunchDialog(Theme theme, Action<Msg> post, WallState state)
    {
        _post = post;
        var workcells = state.Workcells!;
        Title = "New run on " + Seg.Safe(workcells.Server.Label);
        var dialog = theme[ThemeSlots.Dialog];
        SetScheme(new Scheme(dialog.ToAttribute()) { Focus = dialog.ToAttribute(), Active = dialog.ToAttribute() });
        Width = Math.Min(Math.Max(40, state.Width - 4), 96);
        Height = Math.Min(state.Height - 2, 20);
        _label = new Scheme(dialog.ToAttribute());
        _focusedLabel = new Scheme(theme[ThemeSlots.Key].Over(dialog).ToAttribute());
        var field = theme[ThemeSlots.Footer].Over(dialog).ToAttribute();
        var focused = UiStyle.Of(TextStyle.Bold | TextStyle.Underline).Over(theme[ThemeSlots.Footer]).Over(dialog).ToAttribute();
        var y = 0;
        foreach (var which in Enum.GetValues<LaunchField>())
        {
            var label = new Label { Text = " " + Name(which), X = 0, Y = y, Width = LabelWidth, Height = 1 };
            var text = new FormField(post) { X = LabelWidth, Y = y, Width = Dim.Fill(1), Height = 1, Text = state.Launch?[which] ?? "" };
            text.SetScheme(new Scheme(field) { Focus = focused, Editable = field, Active = focused, HotFocus = focused });
            var captured = which;
            text.TextChanged += (_, _) => post(new LaunchFieldChanged(captured, text.Text ?? ""));
            text.HasFocusChanged += (_, e) =>
            {
                if (e.NewValue && _focused != captured)
                {
                    _post(new LaunchFieldFocused(captured));
                }
            };
            label.SetScheme(_label);
            _fields[which] = text;
            _labels[which] = label;
            Add(label, text);
            y++;
        }

        _notes = new LaunchNotes(theme, workcells) { X = 0, Y = y + 1, Width = Dim.Fill(), Height = LaunchNotes.Lines };
        Add(_notes);
        var cancel = new Button { Text = "Cancel", CanFocus = false };
        var launch = new Button { Text = "Launch", CanFocus = false };
        cancel.Accepting += (_, e) =>
        {
            e.Handled = true;
            post(new Back());
        };
        launch.Accepting += (_, e) =>
        {
            e.Handled = true;
            post(new LaunchSubmitted());
        };
        AddButton(cancel);
        AddButton(launch);
        CanFocus = true;
        AddCommand(KeyAdapter.IntentCommand, ctx => KeyAdapter.Dispatch(ctx, post));
        KeyAdapter.Bind(this, WallMode.Launch, clearOthers: true);
    }

    /// <summary>The label of a field.</summary>
    public static string Name(LaunchField field) => field switch
    {
        LaunchField.Name => "name",
        LaunchField.Directory => "directory",
        LaunchField.Agent => "agent",
        LaunchField.Command => "command",
        LaunchField.Task => "task",
        LaunchField.Brief => "brief file",
        LaunchField.Verify => "verify",
        _ => field.ToString(),
    };

    /// <summary>Shows <paramref name="form"/>: field texts that differ, the focus, the problem or the launch under way.</summary>
    public void Show(LaunchForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        foreach (var (which, text) in _fields)
        {
            if ((text.Text ?? "") != form[which])
            {
                text.Text = form[which];
                text.MoveEnd();
            }
        }

        if (_focused != form.Focus || !_fields[form.Focus].HasFocus)
        {
            _focused = form.Focus;
            _fields[form.Focus].SetFocus();
            foreach (var (which, label) in _labels)
            {
                label.Text = (which == form.Focus ? "▸" : " ") + Name(which);
                label.SetScheme(which == form.Focus ? _focusedLabel : _label);
            }
        }

        _notes.Show(form);
    }

    /// <summary>One field of the form: a <see cref="TextField"/> whose Enter, Esc, Tab and arrows are the key map's.</summary>
    private sealed class FormField : TextField
    {
        public FormField(Action<Msg> post)
        {
            AddCommand(KeyAdapter.IntentCommand, ctx => KeyAdapter.Dispatch(ctx, post));
            KeyAdapter.Bind(this, WallMode.Launch, clearOthers: false);
        }
    }

    /// <summary>The lines under the fields: the problem (or <c>launching…</c>), what the agent and command fields take, the
    /// keys.</summary>
    private sealed class LaunchNotes(Theme theme, WorkcellInfo workcells) : View
    {
        /// <summary>Rows of the notes: the problem, three about the fields, the keys.</summary>
        public const int Lines = 5;

        private LaunchForm? _form;

        public void Show(LaunchForm form)
        {
            if (!Equals(form, _form))
            {
                _form = form;
                SetNeedsDraw();
            }
        }

        protected override bool OnClearingViewport() => true;

        protected override bool OnDrawingContent(DrawContext? context)
        {
            var painter = new Painter(this);
            var dialog = theme[ThemeSlots.Dialog];
            var text = dialog.ToAttribute();
            var meta = theme[ThemeSlots.CardMeta].Over(dialog).ToAttribute();
            var error = theme[ThemeSlots.Error].Over(dialog).ToAttribute();
            var key = theme[ThemeSlots.Key].Over(dialog).ToAttribute();
            List<(string Text, Terminal.Gui.Drawing.Attribute Attr)> problem = _form switch
            {
                { Busy: true } => [(" launching…", theme[ThemeSlots.Status].Over(dialog).ToAttribute())],
                { Error: { } message } => [(" ✗ " + (_form.ErrorField is { } f ? Name(f) + ": " : "") + Seg.Safe(message), error)],
                _ => [],
            };
            List<List<(string Text, Terminal.Gui.Drawing.Attribute Attr)>> lines =
            [
                problem,
                [(" agent ", meta), ("a preset: " + string.Join(" ", workcells.Agents.Select(Seg.Safe)) + " (empty: " + Seg.Safe(workcells.DefaultAgent) + ")", text)],
                [(" command ", meta), ("instead of a preset; 'quotes' group words; {task} {brief} {run_dir}", text)],
                [(" task ", meta), ("the task text, or a markdown brief file instead", text)],
            ];
            var hints = new List<(string, Terminal.Gui.Drawing.Attribute)> { (" ", text) };
            foreach (var hint in KeyHints.For(WallState.Initial([], 80, 24), WallMode.Launch, compact: false))
            {
                hints.Add((hints.Count > 1 ? " · " : "", text));
                hints.Add((hint.Keys, key));
                hints.Add((" " + hint.Label, text));
            }

            lines.Add(hints);
            var shown = lines.Count <= painter.Height || painter.Height < 2
                ? lines
                : [lines[0], .. lines.Skip(1).Take(painter.Height - 2), lines[^1]];
            for (var y = 0; y < painter.Height; y++)
            {
                var row = painter.Row(0, y, painter.Width);
                if (y < shown.Count)
                {
                    foreach (var (t, a) in shown[y])
                    {
                        row.TextEllipsis(t, a);
                    }
                }

                row.FillRest(' ', text);
            }

            painter.Flush();
            return true;
        }
    }
}
