namespace SessionTui.Core;

/// <summary>
/// Finds the end of ECMA-48 escape sequences (ECMA-48 5th ed. §5.3–§5.6): CSI (<c>ESC [</c> or C1 <c>U+009B</c>),
/// control strings OSC, DCS, SOS, PM, APC (terminated by BEL or ST), and two-byte <c>ESC Fe/Fp/Fs</c> with intermediates.
/// The one escape scanner of the product: <see cref="Ansi.Strip"/>, the UI's sanitizer and its SGR parser all use it.
/// </summary>
public static class EscapeScanner
{
    /// <summary>Whether <paramref name="c"/> starts an escape sequence: ESC or a C1 control (U+0080–U+009F).</summary>
    public static bool IsIntroducer(char c) => c == '\u001b' || c is >= '\u0080' and <= '\u009f';

    /// <summary>Skips the sequence starting at <paramref name="index"/> (an <see cref="IsIntroducer"/> character).</summary>
    /// <param name="text">The line.</param>
    /// <param name="index">Index of the introducer.</param>
    /// <param name="sgr">The parameter string (<c>"1;31"</c>, <c>""</c>) when the sequence is an SGR (<c>CSI … m</c> with
    /// only digits, <c>;</c> and <c>:</c>), else null.</param>
    /// <returns>Index just past the sequence. A malformed sequence ends before the offending character; an unterminated
    /// one runs to the end of the line.</returns>
    public static int Skip(string text, int index, out string? sgr) => Skip(text, index, capture: true, out sgr);

    /// <summary>Skips the sequence starting at <paramref name="index"/> like <see cref="Skip(string, int, out string?)"/>,
    /// without reading its SGR parameters (no allocation).</summary>
    public static int Skip(string text, int index) => Skip(text, index, capture: false, out _);

    /// <summary>Every character <see cref="IsIntroducer"/> accepts, for a vectorized search.</summary>
    public static System.Buffers.SearchValues<char> Introducers { get; } = System.Buffers.SearchValues.Create("\u001b\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f");

    private static int Skip(string text, int index, bool capture, out string? sgr)
    {
        sgr = null;
        var c = text[index];
        if (c != '\u001b')
        {
            return c switch
            {
                '\u009b' => SkipCsi(text, index + 1, capture, out sgr),
                '\u009d' or '\u0090' or '\u0098' or '\u009e' or '\u009f' => SkipString(text, index + 1),
                _ => index + 1,
            };
        }

        if (index + 1 >= text.Length)
        {
            return index + 1;
        }

        switch (text[index + 1])
        {
            case '[':
                return SkipCsi(text, index + 2, capture, out sgr);
            case ']' or 'P' or 'X' or '^' or '_':
                return SkipString(text, index + 2);
        }

        var j = index + 1;
        while (j < text.Length && text[j] is >= ' ' and <= '/')
        {
            j++;
        }

        return j < text.Length && text[j] is >= '0' and <= '~' ? j + 1 : j;
    }

    private static int SkipCsi(string text, int start, bool capture, out string? sgr)
    {
        sgr = null;
        var j = start;
        var plain = true;
        while (j < text.Length && text[j] is >= '0' and <= '?')
        {
            plain &= text[j] is (>= '0' and <= '9') or ';' or ':';
            j++;
        }

        var parametersEnd = j;
        while (j < text.Length && text[j] is >= ' ' and <= '/')
        {
            j++;
        }

        if (j >= text.Length || text[j] is < '@' or > '~')
        {
            return j;
        }

        if (capture && text[j] == 'm' && j == parametersEnd && plain)
        {
            sgr = text[start..parametersEnd];
        }

        return j + 1;
    }

    private static int SkipString(string text, int start)
    {
        for (var j = start; j < text.Length; j++)
        {
            var c = text[j];
            if (c is '\u0007' or '\u009c')
            {
                return j + 1;
            }

            if (c == '\u001b' && j + 1 < text.Length && text[j + 1] == '\\')
            {
                return j + 2;
            }
        }

        return text.Length;
    }
}
