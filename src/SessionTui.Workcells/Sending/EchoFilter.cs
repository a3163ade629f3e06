namespace SessionTui.Workcells.Sending;

/// <summary>
/// Tells the echo of a sent text from the program's answer: a line is echo when, whitespace runs collapsed to one space,
/// it ends with one of the text's non-blank lines, standing alone or after a space or a prompt sign (<c>&gt; $ # % ❯ › :</c>),
/// e.g. <c>$ echo DONE</c> or <c>&gt; reply DONE</c> for the text <c>echo DONE</c> or <c>reply DONE</c>. So a pattern the
/// text itself contains does not match its own echo; an answer line that ends with a whole line of the text is also left
/// out.
/// </summary>
public sealed class EchoFilter
{
    private readonly string[] _lines;

    /// <summary>Builds the filter of <paramref name="text"/>.</summary>
    public EchoFilter(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _lines = [.. text.ReplaceLineEndings("\n").Split('\n').Select(Collapse).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Whether <paramref name="line"/> is the echo of a line of the text.</summary>
    public bool IsEcho(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var l = Collapse(line);
        foreach (var t in _lines)
        {
            if (l.EndsWith(t, StringComparison.Ordinal))
            {
                var before = l.Length - t.Length;
                if (before == 0 || char.IsWhiteSpace(l[before - 1]) || l[before - 1] is '>' or '$' or '#' or '%' or '❯' or '›' or ':')
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string Collapse(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
