using Terminal.Gui.Drawing;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace SessionTui.Ui.Styling;

/// <summary>
/// A text style that can leave its colours unset, so styles layer: a pane's SGR colours over a card's base style, a
/// theme slot's bold over a bar's background. <see cref="ToAttribute"/> makes the Terminal.Gui attribute, an unset colour
/// becoming <see cref="Color.None"/> (the terminal's own default colour).
/// </summary>
/// <param name="Foreground">Text colour, or null for "not set here".</param>
/// <param name="Background">Background colour, or null for "not set here".</param>
/// <param name="Flags">Bold, faint (dim), italic, underline, blink, reverse, strikethrough.</param>
public readonly record struct UiStyle(Color? Foreground, Color? Background, TextStyle Flags)
{
    /// <summary>No colours, no flags: the terminal's default look.</summary>
    public static UiStyle Plain => default;

    /// <summary>Only flags, e.g. <c>UiStyle.Of(TextStyle.Bold)</c>.</summary>
    public static UiStyle Of(TextStyle flags) => new(null, null, flags);

    /// <summary>This style laid over <paramref name="under"/>: colours this style sets win, flags add up.</summary>
    public UiStyle Over(UiStyle under) => new(Foreground ?? under.Foreground, Background ?? under.Background, under.Flags | Flags);

    /// <summary>The style without colours (for <c>NO_COLOR</c>): flags only.</summary>
    public UiStyle WithoutColors() => new(null, null, Flags);

    /// <summary>The Terminal.Gui attribute: unset colours become <see cref="Color.None"/> (terminal default).</summary>
    public Attribute ToAttribute() => new(Foreground ?? Color.None, Background ?? Color.None, Flags);
}
