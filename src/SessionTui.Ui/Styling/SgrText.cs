using System.Globalization;
using SessionTui.Core;
using SessionTui.Ui.Text;
using Terminal.Gui.Drawing;

namespace SessionTui.Ui.Styling;

/// <summary>A run of sanitized text in one style.</summary>
/// <param name="Text">Sanitized text (no escapes or controls, NFC).</param>
/// <param name="Style">Its style.</param>
public readonly record struct StyledRun(string Text, UiStyle Style);

/// <summary>
/// Parses one captured pane line (<c>tmux capture-pane -p -e</c>) with SGR escapes into styled runs of sanitized text.
/// Terminal.Gui has no ANSI parser of its own, so this is the one place pane colours are read.
/// </summary>
/// <remarks>
/// SGR per ECMA-48 §8.3.117 and ITU T.416 (extended colours): <c>0</c> reset; <c>1</c> bold, <c>2</c> dim, <c>3</c>
/// italic, <c>4</c> underline (<c>4:0</c> off, <c>4:1</c>–<c>4:5</c> on), <c>5</c>/<c>6</c> blink, <c>7</c> invert,
/// <c>8</c> conceal (shown as nothing special), <c>9</c> strikethrough, <c>21</c> double underline (shown as underline);
/// <c>22</c>–<c>29</c> turn those off; <c>30</c>–<c>37</c>, <c>90</c>–<c>97</c>, <c>39</c> foreground; <c>40</c>–<c>47</c>,
/// <c>100</c>–<c>107</c>, <c>49</c> background; <c>38;5;n</c>, <c>48;5;n</c> (256 colours, <see cref="XtermPalette"/>),
/// <c>38;2;r;g;b</c>, <c>48;2;r;g;b</c> (true colour), and the colon forms <c>38:5:n</c>, <c>38:2::r:g:b</c>,
/// <c>38:2:r:g:b</c>. Underline colour (<c>58</c>) is read and ignored, as are unknown or malformed parameters. Every other
/// escape sequence and control character is removed and the text is sanitized as <see cref="TextSanitizer.Sanitize"/> does
/// (tabs expand to the next multiple of 8 cells across styles).
/// </remarks>
public static class SgrText
{
    /// <summary>Parses <paramref name="line"/> into styled runs: sanitized text, adjacent runs of one style merged, no empty
    /// runs, no line breaks.</summary>
    /// <param name="line">One line of pane text.</param>
    /// <param name="baseStyle">Style of text the pane does not style; SGR attributes are laid over it and <c>0</c> returns to it.</param>
    /// <param name="color">False drops the pane's colours (NO_COLOR, monochrome themes) but keeps bold, underline, invert.</param>
    /// <exception cref="ArgumentNullException"><paramref name="line"/> is null.</exception>
    public static IReadOnlyList<StyledRun> Parse(string line, UiStyle baseStyle, bool color)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Parse(line, baseStyle, new SgrState(color));
    }

    /// <summary>Parses the lines of one screen in order, each as <see cref="Parse(string, UiStyle, bool)"/> does, but with the
    /// attributes in effect at the end of a line carried into the next: <c>tmux capture-pane -e</c> writes only attribute
    /// changes, so a line that continues the previous line's colour starts with no SGR sequence at all.</summary>
    /// <param name="lines">The screen's lines, top to bottom.</param>
    /// <param name="baseStyle">Style of text the pane does not style.</param>
    /// <param name="color">False drops the pane's colours but keeps bold, underline, invert.</param>
    /// <returns>One list of runs per line.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="lines"/> is null.</exception>
    public static IReadOnlyList<IReadOnlyList<StyledRun>> ParseLines(IReadOnlyList<string> lines, UiStyle baseStyle, bool color)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var state = new SgrState(color);
        return lines.Select(line => Parse(line, baseStyle, state)).ToList();
    }

    private static IReadOnlyList<StyledRun> Parse(string line, UiStyle baseStyle, SgrState state)
    {
        var runs = new List<StyledRun>();
        var text = new SanitizedText();
        var style = state.Over(baseStyle);
        var i = 0;
        while (i < line.Length)
        {
            if (!EscapeScanner.IsIntroducer(line[i]))
            {
                i = text.Append(line, i);
                continue;
            }

            i = EscapeScanner.Skip(line, i, out var sgr);
            if (sgr is null)
            {
                continue;
            }

            state.Apply(sgr);
            var next = state.Over(baseStyle);
            if (next != style)
            {
                Flush(runs, text, style);
                style = next;
            }
        }

        Flush(runs, text, style);
        return runs;
    }

    private static void Flush(List<StyledRun> runs, SanitizedText text, UiStyle style)
    {
        var run = text.Take();
        if (run.Length > 0)
        {
            runs.Add(new StyledRun(run, style));
        }
    }

    /// <summary>The SGR attributes in effect, applied over a base style.</summary>
    private sealed class SgrState(bool color)
    {
        private Color? foreground;
        private Color? background;
        private TextStyle on;

        public UiStyle Over(UiStyle baseStyle) => new UiStyle(foreground, background, on).Over(baseStyle);

        public void Apply(string parameters)
        {
            var parts = parameters.Split(';');
            for (var k = 0; k < parts.Length; k++)
            {
                if (parts[k].Contains(':', StringComparison.Ordinal))
                {
                    ApplyColonForm(parts[k].Split(':'));
                }
                else
                {
                    k += ApplyOne(Number(parts[k]), parts, k);
                }
            }
        }

        /// <returns>How many following parameters the attribute consumed.</returns>
        private int ApplyOne(int n, string[] parts, int k)
        {
            switch (n)
            {
                case 0:
                    foreground = null;
                    background = null;
                    on = TextStyle.None;
                    return 0;
                case 38 or 48 or 58:
                    return Extended(n, parts, k + 1);
                case >= 30 and <= 37:
                    SetForeground(XtermPalette.Of(n - 30));
                    return 0;
                case >= 90 and <= 97:
                    SetForeground(XtermPalette.Of(n - 90 + 8));
                    return 0;
                case 39:
                    foreground = null;
                    return 0;
                case >= 40 and <= 47:
                    SetBackground(XtermPalette.Of(n - 40));
                    return 0;
                case >= 100 and <= 107:
                    SetBackground(XtermPalette.Of(n - 100 + 8));
                    return 0;
                case 49:
                    background = null;
                    return 0;
                default:
                    ApplyDecoration(n);
                    return 0;
            }
        }

        private void ApplyDecoration(int n)
        {
            switch (n)
            {
                case 1: on |= TextStyle.Bold; break;
                case 2: on |= TextStyle.Faint; break;
                case 3: on |= TextStyle.Italic; break;
                case 4 or 21: on |= TextStyle.Underline; break;
                case 5 or 6: on |= TextStyle.Blink; break;
                case 7: on |= TextStyle.Reverse; break;
                case 9: on |= TextStyle.Strikethrough; break;
                case 22: on &= ~(TextStyle.Bold | TextStyle.Faint); break;
                case 23: on &= ~TextStyle.Italic; break;
                case 24: on &= ~TextStyle.Underline; break;
                case 25: on &= ~TextStyle.Blink; break;
                case 27: on &= ~TextStyle.Reverse; break;
                case 29: on &= ~TextStyle.Strikethrough; break;
            }
        }

        /// <summary><c>38;5;n</c> or <c>38;2;r;g;b</c> (and 48, 58) in semicolon form.</summary>
        private int Extended(int which, string[] parts, int at)
        {
            if (at >= parts.Length)
            {
                return 0;
            }

            switch (Number(parts[at]))
            {
                case 5 when at + 1 < parts.Length:
                    SetExtended(which, Indexed(Number(parts[at + 1])));
                    return 2;
                case 2 when at + 3 < parts.Length:
                    SetExtended(which, Rgb(Number(parts[at + 1]), Number(parts[at + 2]), Number(parts[at + 3])));
                    return 4;
                default:
                    return 1;
            }
        }

        /// <summary><c>38:5:n</c>, <c>38:2:cs:r:g:b</c>, <c>38:2:r:g:b</c>, <c>4:n</c>.</summary>
        private void ApplyColonForm(string[] fields)
        {
            var n = Number(fields[0]);
            if (n == 4 && fields.Length > 1)
            {
                ApplyDecoration(Number(fields[1]) is >= 1 and <= 5 ? 4 : 24);
                return;
            }

            if (n is not (38 or 48 or 58) || fields.Length < 3)
            {
                ApplyOne(n, [fields[0]], 0);
                return;
            }

            var kind = Number(fields[1]);
            if (kind == 5)
            {
                SetExtended(n, Indexed(Number(fields[2])));
            }
            else if (kind == 2 && fields.Length >= 5)
            {
                var first = fields.Length >= 6 ? 3 : 2;
                SetExtended(n, Rgb(Number(fields[first]), Number(fields[first + 1]), Number(fields[first + 2])));
            }
        }

        private void SetExtended(int which, Color? value)
        {
            if (value is not { } c)
            {
                return;
            }

            if (which == 38)
            {
                SetForeground(c);
            }
            else if (which == 48)
            {
                SetBackground(c);
            }
        }

        private void SetForeground(Color c)
        {
            if (color)
            {
                foreground = c;
            }
        }

        private void SetBackground(Color c)
        {
            if (color)
            {
                background = c;
            }
        }

        private static Color? Indexed(int n) => n is >= 0 and <= 255 ? XtermPalette.Of(n) : null;

        private static Color? Rgb(int r, int g, int b) =>
            r is >= 0 and <= 255 && g is >= 0 and <= 255 && b is >= 0 and <= 255 ? new Color(r, g, b) : null;

        /// <summary>A parameter's value: empty is 0 (ECMA-48 default), not a number is -1 (ignored).</summary>
        private static int Number(string s) =>
            s.Length == 0 ? 0 : s.Length <= 9 && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
    }
}
