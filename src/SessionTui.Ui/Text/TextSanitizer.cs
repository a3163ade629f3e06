using System.Globalization;
using System.Text;
using SessionTui.Core;

namespace SessionTui.Ui.Text;

/// <summary>
/// Makes one line of pane text (or any untrusted string: session names, commands, paths, error lines) safe for width
/// measurement, for Terminal.Gui's screen buffer and for the terminal.
/// </summary>
/// <remarks>
/// <para>Removes every escape sequence (ECMA-48 CSI, OSC, DCS, SOS, PM, APC, two-byte ESC; SGR too: see
/// <see cref="Styling.SgrText"/> to keep colours), C0 and C1 controls, DEL, CR, LF, format characters (Unicode category Cf:
/// bidi overrides, zero-width joiner, soft hyphen, BOM) and line/paragraph separators. Tabs become spaces up to the next
/// multiple of 8 cells. Lone surrogates and noncharacters (U+FDD0–U+FDEF, U+xFFFE/U+xFFFF)
/// become U+FFFD.</para>
/// <para>Emoji: width tables (Terminal.Gui's wcwidth among them) and terminals disagree among themselves on ZWJ
/// sequences, flags, skin-tone modifiers and VS16 presentation. So sequences are decomposed into parts whose width all
/// agree on: zero-width joiners, variation selectors (U+FE00–U+FE0F, U+E0100–U+E01EF) and skin-tone modifiers are
/// dropped (a ZWJ family shows as its members, each 2 cells); regional indicators become their ASCII letters (a flag
/// shows as <c>DE</c>); astral characters that are not East Asian Wide (Unicode 14 EastAsianWidth W/F) are folded with
/// NFKC when that gives BMP text (math letters) and replaced by U+FFFD otherwise; astral combining marks and tags are
/// dropped. Borders around sanitized text therefore stay straight.</para>
/// </remarks>
public static class TextSanitizer
{
    /// <summary>Sanitizes one line as described on <see cref="TextSanitizer"/>.</summary>
    /// <param name="line">One line of text; line breaks inside it are dropped.</param>
    /// <returns>The line, or the same instance when it is printable ASCII already.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="line"/> is null.</exception>
    public static string Sanitize(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (IsPlainAscii(line))
        {
            return line;
        }

        var builder = new SanitizedText();
        var i = 0;
        while (i < line.Length)
        {
            if (EscapeScanner.IsIntroducer(line[i]))
            {
                i = EscapeScanner.Skip(line, i, out _);
            }
            else
            {
                i = builder.Append(line, i);
            }
        }

        return builder.Take();
    }

    private static bool IsPlainAscii(string line)
    {
        foreach (var c in line)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Accumulates sanitized text and tracks the cell column (for tab stops) across runs.</summary>
internal sealed class SanitizedText
{
    private static readonly int[] WideAstral =
    [
        0x16FE0, 0x1B2FB, 0x1F004, 0x1F004, 0x1F0CF, 0x1F0CF, 0x1F18E, 0x1F18E, 0x1F191, 0x1F19A, 0x1F200, 0x1F320,
        0x1F32D, 0x1F335, 0x1F337, 0x1F37C, 0x1F37E, 0x1F393, 0x1F3A0, 0x1F3CA, 0x1F3CF, 0x1F3D3, 0x1F3E0, 0x1F3F0,
        0x1F3F4, 0x1F3F4, 0x1F3F8, 0x1F43E, 0x1F440, 0x1F440, 0x1F442, 0x1F4FC, 0x1F4FF, 0x1F53D, 0x1F54B, 0x1F54E,
        0x1F550, 0x1F567, 0x1F57A, 0x1F57A, 0x1F595, 0x1F596, 0x1F5A4, 0x1F5A4, 0x1F5FB, 0x1F64F, 0x1F680, 0x1F6C5,
        0x1F6CC, 0x1F6CC, 0x1F6D0, 0x1F6D2, 0x1F6D5, 0x1F6DF, 0x1F6EB, 0x1F6EC, 0x1F6F4, 0x1F6FC, 0x1F7E0, 0x1F7F0,
        0x1F90C, 0x1F93A, 0x1F93C, 0x1F945, 0x1F947, 0x1F9FF, 0x1FA70, 0x1FAF6, 0x20000, 0x3FFFD,
    ];

    private readonly StringBuilder text = new();

    /// <summary>Cell column reached since the start of the line.</summary>
    public int Column { get; private set; }

    /// <summary>Returns the text appended since the last call (NFC, as Terminal.Gui stores graphemes) and clears it; the
    /// column is kept.</summary>
    public string Take()
    {
        var s = text.ToString();
        text.Clear();
        return s.IsNormalized(NormalizationForm.FormC) ? s : s.Normalize(NormalizationForm.FormC);
    }

    /// <summary>Appends the character (or surrogate pair) at <paramref name="index"/>, sanitized.</summary>
    /// <returns>The index after it.</returns>
    public int Append(string source, int index)
    {
        var c = source[index];
        if (char.IsHighSurrogate(c) && index + 1 < source.Length && char.IsLowSurrogate(source[index + 1]))
        {
            AppendAstral(char.ConvertToUtf32(c, source[index + 1]));
            return index + 2;
        }

        if (c == '\t')
        {
            var spaces = 8 - (Column % 8);
            text.Append(' ', spaces);
            Column += spaces;
        }
        else
        {
            AppendBmp(c);
        }

        return index + 1;
    }

    private void AppendBmp(char c)
    {
        if (char.IsSurrogate(c) || c is (>= '\ufdd0' and <= '\ufdef') or '\ufffe' or '\uffff')
        {
            Put('\ufffd');
            return;
        }

        if (char.IsControl(c) || c is >= '\ufe00' and <= '\ufe0f')
        {
            return;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        if (category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
        {
            return;
        }

        Put(c);
    }

    private void AppendAstral(int codePoint)
    {
        if (codePoint is >= 0x1F1E6 and <= 0x1F1FF)
        {
            Put((char)('A' + (codePoint - 0x1F1E6)));
            return;
        }

        if (codePoint is >= 0x1F3FB and <= 0x1F3FF)
        {
            return;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.Format)
        {
            return;
        }

        var scalar = char.ConvertFromUtf32(codePoint);
        if (category is not (UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse) && IsWide(codePoint))
        {
            text.Append(scalar);
            Column += 2;
            return;
        }

        var folded = scalar.Normalize(NormalizationForm.FormKC);
        if (folded.Length == 0 || folded.Any(ch => char.IsSurrogate(ch) || char.IsControl(ch)))
        {
            Put('\ufffd');
            return;
        }

        foreach (var ch in folded)
        {
            AppendBmp(ch);
        }
    }

    private static bool IsWide(int codePoint)
    {
        for (var i = 0; i < WideAstral.Length; i += 2)
        {
            if (codePoint < WideAstral[i])
            {
                return false;
            }

            if (codePoint <= WideAstral[i + 1])
            {
                return true;
            }
        }

        return false;
    }

    private void Put(char c)
    {
        text.Append(c);
        Column += CellWidth.Of(c);
    }
}
