namespace SessionTui.Workcells.Sending;

/// <summary>
/// The lines a pane shows that are new since a baseline, look after look, for <c>send --wait-for</c>: a line counts when it
/// is new both since the previous look (so output that scrolls past between two looks is still seen) and since the
/// baseline (so a screen redrawn with what it showed before, or caught half-drawn, does not bring old lines back), and is
/// not the echo of the sent text (<see cref="EchoFilter"/>). Not thread-safe.
/// </summary>
public sealed class NewOutput
{
    private readonly IReadOnlyList<string> _baseline;
    private readonly EchoFilter _echo;
    private IReadOnlyList<string> _previous;

    /// <summary>Starts from <paramref name="baseline"/>.</summary>
    /// <param name="baseline">The pane's lines when the text was delivered.</param>
    /// <param name="echo">The sent text's echo, left out.</param>
    public NewOutput(IReadOnlyList<string> baseline, EchoFilter echo)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(echo);
        _baseline = baseline;
        _previous = baseline;
        _echo = echo;
    }

    /// <summary>The lines of <paramref name="now"/> that are new (see <see cref="NewOutput"/>), in order.</summary>
    public IReadOnlyList<string> Next(IReadOnlyList<string> now)
    {
        ArgumentNullException.ThrowIfNull(now);
        var sincePrevious = ScreenDiff.Added(_previous, now);
        _previous = now;
        if (sincePrevious.Count == 0)
        {
            return [];
        }

        var sinceBaseline = ScreenDiff.Added(_baseline, now).GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var fresh = new List<string>();
        foreach (var line in sincePrevious)
        {
            if (sinceBaseline.TryGetValue(line, out var left) && left > 0)
            {
                sinceBaseline[line] = left - 1;
                if (!_echo.IsEcho(line))
                {
                    fresh.Add(line);
                }
            }
        }

        return fresh;
    }
}
