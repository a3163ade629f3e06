using SessionTui.Core;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using CoreKeyBinding = SessionTui.Core.KeyBinding;
using TuiKeyBinding = Terminal.Gui.Input.KeyBinding;

namespace SessionTui.Ui.Input;

/// <summary>
/// Feeds the wall's one key map (<see cref="KeyMap"/>) into Terminal.Gui's own key bindings: each chord of each binding of a
/// mode becomes a <see cref="TuiKeyBinding"/> on the view that has the focus in that mode, carrying the binding's intent
/// (<see cref="Msg"/>) as its data under <see cref="IntentCommand"/>. The view posts the intent when the command runs. So
/// the keys the wall answers are exactly the ones the help and the footer list, in every mode, whatever the focused view
/// binds for itself (a key of the map replaces the view's own binding of that key, e.g. Enter on a text field).
/// </summary>
public static class KeyAdapter
{
    /// <summary>The command every key-map binding invokes: one no view of the wall uses for itself
    /// (<see cref="Command.Edit"/>); the intent travels as the binding's data.</summary>
    public const Command IntentCommand = Command.Edit;

    /// <summary>The Terminal.Gui key of a key-map chord.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A special key the wall does not bind.</exception>
    public static Key ToKey(KeyChord chord)
    {
        if (chord.Special == 0)
        {
            var key = new Key(chord.Char);
            return chord.Ctrl ? key.WithCtrl : key;
        }

        var special = chord.Special switch
        {
            ConsoleKey.Enter => Key.Enter,
            ConsoleKey.Escape => Key.Esc,
            ConsoleKey.LeftArrow => Key.CursorLeft,
            ConsoleKey.RightArrow => Key.CursorRight,
            ConsoleKey.UpArrow => Key.CursorUp,
            ConsoleKey.DownArrow => Key.CursorDown,
            ConsoleKey.PageUp => Key.PageUp,
            ConsoleKey.PageDown => Key.PageDown,
            ConsoleKey.Home => Key.Home,
            ConsoleKey.End => Key.End,
            ConsoleKey.Tab => Key.Tab,
            ConsoleKey.Backspace => Key.Backspace,
            _ => throw new ArgumentOutOfRangeException(nameof(chord), chord.Special, "no Terminal.Gui key for this special key"),
        };
        return chord.Shift ? special.WithShift : special;
    }

    /// <summary>Replaces <paramref name="view"/>'s bindings of the keys of <paramref name="mode"/>'s key-map bindings with
    /// key-map bindings. With <paramref name="clearOthers"/>, every other key binding of the view goes too (a table whose
    /// own navigation keys would bypass the key map).</summary>
    /// <param name="view">The view that has the focus in <paramref name="mode"/>; it must implement <see cref="IntentCommand"/>
    /// (see <see cref="Dispatch"/>).</param>
    /// <param name="mode">The mode whose bindings apply.</param>
    /// <param name="clearOthers">Whether to remove the view's own bindings of keys outside the key map.</param>
    public static void Bind(View view, WallMode mode, bool clearOthers)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (clearOthers)
        {
            view.KeyBindings.Clear();
        }

        foreach (var binding in KeyMap.For(mode))
        {
            foreach (var chord in binding.Chords)
            {
                var key = ToKey(chord);
                if (view.KeyBindings.TryGet(key, out _))
                {
                    view.KeyBindings.Remove(key);
                }

                view.KeyBindings.Add(key, new TuiKeyBinding([IntentCommand], binding.Intent));
            }
        }
    }

    /// <summary>Removes from <paramref name="view"/> every key-map binding (of any mode) <see cref="Bind"/> added.</summary>
    public static void Unbind(View view)
    {
        ArgumentNullException.ThrowIfNull(view);
        foreach (var key in view.KeyBindings.GetAllFromCommands(IntentCommand).ToList())
        {
            view.KeyBindings.Remove(key);
        }
    }

    /// <summary>The implementation of <see cref="IntentCommand"/> for a view: posts the intent the key binding carries.</summary>
    /// <param name="context">The command context Terminal.Gui passes.</param>
    /// <param name="post">Posts a message into the wall's loop.</param>
    /// <returns>True when an intent was posted (the key is handled).</returns>
    public static bool? Dispatch(ICommandContext? context, Action<Msg> post)
    {
        ArgumentNullException.ThrowIfNull(post);
        if (context?.Binding?.Data is not Msg intent)
        {
            return false;
        }

        post(intent);
        return true;
    }

    /// <summary>
    /// Makes Esc followed at once by a key mean both keys. A terminal sends Alt+x as ESC then x, so Terminal.Gui reports Esc
    /// and a key typed right after it (within its ~70 ms disambiguation) as one Alt+key press; the wall binds no Alt keys, so
    /// such a press is replayed as Esc, then the key without Alt (Esc then q closes the filter and quits).
    /// </summary>
    /// <param name="app">The initialized application.</param>
    public static void SplitEscapeThenKey(IApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Keyboard.KeyDown += (_, key) =>
        {
            if (!key.IsAlt || key.IsCtrl || key.Handled)
            {
                return;
            }

            var plain = new Key(key.NoAlt.KeyCode);
            key.Handled = true;
            app.Keyboard.RaiseKeyDownEvent(Key.Esc);
            app.Keyboard.RaiseKeyDownEvent(plain);
        };
    }

    /// <summary>Every key-map binding of <paramref name="mode"/> with its Terminal.Gui keys, for tests and help.</summary>
    public static IEnumerable<(CoreKeyBinding Binding, Key Key)> Keys(WallMode mode) =>
        KeyMap.For(mode).SelectMany(b => b.Chords.Select(c => (b, ToKey(c))));
}
