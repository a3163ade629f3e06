using System.Globalization;
using System.Text;

namespace SessionTui.Cli;

/// <summary>Plain aligned text tables for the CLI (no colour, safe to pipe). Cell text is made printable: control
/// characters become <c>?</c>.</summary>
public static class Table
{
    /// <summary>Prints a header and rows, columns padded to the widest cell (text elements counted).</summary>
    public static void Print(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows.Select(r => (IReadOnlyList<string>)r.Select(Printable).ToList()));
        var widths = header.Select((_, i) => all.Max(r => Width(r[i]))).ToArray();
        var sb = new StringBuilder();
        foreach (var row in all)
        {
            for (var i = 0; i < row.Count; i++)
            {
                sb.Append(row[i]);
                if (i < row.Count - 1)
                {
                    sb.Append(' ', widths[i] - Width(row[i]) + 2);
                }
            }

            sb.Append('\n');
        }

        Console.Out.Write(sb.ToString());
    }

    private static int Width(string s) => new StringInfo(s).LengthInTextElements;

    private static string Printable(string s) => string.Concat(s.Select(c => char.IsControl(c) ? '?' : c));
}
