using System.Diagnostics;

namespace SessionTui.Benchmarks;

/// <summary>How fast the wall answered keys that move the selection.</summary>
/// <param name="Presses">Keys sent.</param>
/// <param name="Unanswered">Keys after which no output came within <see cref="KeyProbes.AnswerTimeout"/>.</param>
/// <param name="Unmeasurable">Keys not sent because the terminal output never paused for 50 ms before them (a wall that
/// writes all the time: its answer could not be told from the rest).</param>
/// <param name="Errors">Keys tmux refused (<c>%error</c>).</param>
/// <param name="FirstBytesMs">Per answered key: from writing the <c>send-keys</c> line to the first bytes of output
/// reaching the terminal tap, ms.</param>
/// <param name="FrameDoneMs">Per answered key: to the last bytes of that burst (no more output for
/// <see cref="KeyProbes.BurstGap"/>), ms.</param>
/// <param name="KeyToFrameMs">What the wall itself measured over the same presses (metrics <c>keyToFrameMs</c>; null when the
/// wall does not write it).</param>
internal sealed record KeyProbeResult(
    int Presses,
    int Unanswered,
    int Unmeasurable,
    int Errors,
    IReadOnlyList<double> FirstBytesMs,
    IReadOnlyList<double> FrameDoneMs,
    IReadOnlyList<double>? KeyToFrameMs);

/// <summary>
/// Measures send-keys → changed screen from outside the app: alternately Right and Left (the selection moves one card and
/// back, so the page never changes and every key changes the screen), each sent through a control-mode client just after a
/// refresh frame has reached the terminal and settled, so the next refresh is most of an interval away and the first bytes
/// that follow are the key's own frame. The time runs from writing the <c>send-keys</c> line to the tap's read of the first
/// bytes (see <see cref="TerminalTap"/>: microsecond stamps, plus the scheduling of tmux, cat and the reader).
/// </summary>
internal static class KeyProbes
{
    /// <summary>How long a key may go unanswered before it counts as lost.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Silence that ends the burst of output answering a key.</summary>
    public static readonly TimeSpan BurstGap = TimeSpan.FromMilliseconds(30);

    private static readonly TimeSpan FrameWait = TimeSpan.FromMilliseconds(1500);
    private static readonly TimeSpan FrameSettled = TimeSpan.FromMilliseconds(50);

    /// <summary>Sends <paramref name="presses"/> keys (rounded up to even, so the selection ends where it started; a skipped
    /// key may leave it one card off).</summary>
    public static KeyProbeResult Run(WallUnderTest wall, int presses, CancellationToken cancellationToken)
    {
        presses += presses % 2;
        var before = wall.Metrics(cancellationToken);
        var firstBytes = new List<double>();
        var frameDone = new List<double>();
        var unanswered = 0;
        var unmeasurable = 0;
        var keys = wall.Keys();
        try
        {
            for (var i = 0; i < presses; i++)
            {
                if (!wall.Terminal.AfterNextFrame(FrameWait, FrameSettled, cancellationToken))
                {
                    unmeasurable++;
                    continue;
                }

                var index = wall.Terminal.Chunks;
                var sent = keys.Send(i % 2 == 0 ? "Right" : "Left");
                if (wall.Terminal.WaitForChunk(index, AnswerTimeout, cancellationToken) is not { } first)
                {
                    unanswered++;
                    continue;
                }

                var last = wall.Terminal.WaitForQuiet(BurstGap, AnswerTimeout, cancellationToken).Last ?? first;
                firstBytes.Add(Stopwatch.GetElapsedTime(sent, first).TotalMilliseconds);
                frameDone.Add(Stopwatch.GetElapsedTime(sent, last).TotalMilliseconds);
            }
        }
        finally
        {
            keys.Dispose();
        }

        var after = wall.Metrics(cancellationToken);
        return new KeyProbeResult(presses, unanswered, unmeasurable, keys.Errors, firstBytes, frameDone, WallMetrics.Added(before, after, m => m.KeyToFrameMs));
    }
}
