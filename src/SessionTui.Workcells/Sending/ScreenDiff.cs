namespace SessionTui.Workcells.Sending;

/// <summary>
/// Which lines of a pane are new between two looks at it, by a line diff: the non-blank lines of the second look that are
/// not part of a longest common subsequence with the non-blank lines of the first. Lines that scrolled up keep their
/// match, a line rewritten in place (a spinner, a prompt being typed on) is new, and a line printed again is new even when
/// an equal line is still on screen. Blank lines are left out: they are everywhere and would only make matches up.
/// </summary>
public static class ScreenDiff
{
    /// <summary>Above this many cells (lines before × lines after, once equal ends are cut) the lines are compared as
    /// multisets instead (each text new as many times as it occurs more often than before), to bound the work.</summary>
    private const long MaxCells = 1_000_000;

    /// <summary>The non-blank lines of <paramref name="after"/> that are new since <paramref name="before"/>, in order,
    /// trailing whitespace removed.</summary>
    /// <param name="before">The earlier look, top to bottom.</param>
    /// <param name="after">The later look, top to bottom.</param>
    public static IReadOnlyList<string> Added(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var a = NonBlank(before);
        var b = NonBlank(after);
        var start = 0;
        while (start < a.Length && start < b.Length && a[start] == b[start])
        {
            start++;
        }

        int endA = a.Length, endB = b.Length;
        while (endA > start && endB > start && a[endA - 1] == b[endB - 1])
        {
            endA--;
            endB--;
        }

        int n = endA - start, m = endB - start;
        if (m == 0)
        {
            return [];
        }

        if (n == 0)
        {
            return b[start..endB];
        }

        return (long)n * m > MaxCells ? MultisetAdded(a[start..endA], b[start..endB]) : LcsAdded(a[start..endA], b[start..endB]);
    }

    private static string[] NonBlank(IReadOnlyList<string> lines) =>
        [.. lines.Select(l => l.TrimEnd()).Where(l => l.Length > 0)];

    /// <summary>Lines of <paramref name="b"/> outside one longest common subsequence with <paramref name="a"/>.</summary>
    private static List<string> LcsAdded(string[] a, string[] b)
    {
        int n = a.Length, m = b.Length, width = m + 1;
        // lcs[i * width + j]: length of the longest common subsequence of a[i..] and b[j..].
        var lcs = new int[(n + 1) * width];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lcs[(i * width) + j] = a[i] == b[j]
                    ? lcs[((i + 1) * width) + j + 1] + 1
                    : Math.Max(lcs[((i + 1) * width) + j], lcs[(i * width) + j + 1]);
            }
        }

        var added = new List<string>();
        int x = 0, y = 0;
        while (x < n && y < m)
        {
            if (a[x] == b[y])
            {
                x++;
                y++;
            }
            else if (lcs[((x + 1) * width) + y] >= lcs[(x * width) + y + 1])
            {
                x++;
            }
            else
            {
                added.Add(b[y]);
                y++;
            }
        }

        added.AddRange(b.Skip(y));
        return added;
    }

    private static List<string> MultisetAdded(string[] a, string[] b)
    {
        var left = a.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var added = new List<string>();
        foreach (var line in b)
        {
            if (left.TryGetValue(line, out var count) && count > 0)
            {
                left[line] = count - 1;
            }
            else
            {
                added.Add(line);
            }
        }

        return added;
    }
}
