using System.Globalization;
using System.Text;

namespace SessionTui.Cli;

/// <summary>Plain aligned text tables for the CLI (no colour, safe to pipe). Cell text is made printable: control
/// characters become <c>?</c>.</summary>
public static class Table
{
    /// <summary>Prints a header and rows, columns padded to the widest cell (text elements counted).</summary>
    public static void Print(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows) =>
        Console.Out.Write(Format(header, rows));

    /// <summary>A header and rows as text, columns padded to the widest cell (text elements counted) with two spaces between,
    /// one line each (trailing spaces dropped) with a final newline; every row has as many cells as the header.</summary>
    public static string Format(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows.Select(r => (IReadOnlyList<string>)r.Select(Printable).ToList()));
        var widths = header.Select((_, i) => all.Max(r => Width(r[i]))).ToArray();
        var sb = new StringBuilder();
        var line = new StringBuilder();
        foreach (var row in all)
        {
            line.Clear();
            for (var i = 0; i < row.Count; i++)
            {
                line.Append(row[i]);
                if (i < row.Count - 1)
                {
                    line.Append(' ', widths[i] - Width(row[i]) + 2);
                }
            }

            sb.Append(line.ToString().TrimEnd(' ')).Append('\n');
        }

        return sb.ToString();
    }

    private static int Width(string s) => new StringInfo(s).LengthInTextElements;

    private static string Printable(string s) => string.Concat(s.Select(c => char.IsControl(c) ? '?' : c));
}
