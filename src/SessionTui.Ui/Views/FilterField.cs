using SessionTui.Core;
using SessionTui.Ui.Input;
using SessionTui.Ui.Styling;
using Terminal.Gui.Drawing;
using Terminal.Gui.Views;

namespace SessionTui.Ui.Views;

/// <summary>The filter's text field in the footer: Terminal.Gui's <see cref="TextField"/>, its text posted as
/// <see cref="FilterTextChanged"/> on every change; Enter, Esc and Ctrl-C are the key map's (keep, clear, quit).</summary>
internal sealed class FilterField : TextField
{
    public FilterField(Theme theme, Action<Msg> post)
    {
        var bar = theme[ThemeSlots.Footer].ToAttribute();
        SetScheme(new Scheme(bar) { Focus = bar, Editable = bar, Active = bar });
        AddCommand(KeyAdapter.IntentCommand, ctx => KeyAdapter.Dispatch(ctx, post));
        TextChanged += (_, _) => post(new FilterTextChanged(Text ?? ""));
    }
}
