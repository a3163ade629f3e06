using System.Globalization;
using System.Text;

namespace SessionTui.Rendering;

/// <summary>
/// Writes frames to a terminal as a line diff, like bubbletea's <c>standard_renderer</c>: a row equal to the same row
/// of the previous frame writes nothing; a changed row is rewritten as CUP to its row (<c>ESC[row;1H</c>, ECMA-48
/// §8.3.21), the row's text, and an SGR reset when the row has escapes. The first frame, a frame with a different number
/// of rows, and the frame after <see cref="Invalidate"/> (resize, return from an attach) are full repaints: home and
/// erase display (<c>ESC[H ESC[2J</c>) then every row. An identical frame writes zero bytes.
/// </summary>
/// <remarks>Rows must be exactly the terminal width, as <see cref="FrameRenderer"/> makes them: a rewritten row is not
/// erased to the right (erasing at the last column clears its last cell on xterm-like terminals). Not thread-safe: call
/// from the one UI thread.</remarks>
public sealed class LineDiffWriter
{
    private readonly TextWriter output;
    private string[]? previous;

    /// <summary>Creates a writer.</summary>
    /// <param name="output">The terminal; flushed after every frame that wrote something.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
    public LineDiffWriter(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        this.output = output;
    }

    /// <summary>Bytes written so far, counted as UTF-8.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Makes the next frame a full repaint.</summary>
    public void Invalidate() => previous = null;

    /// <summary>Writes <paramref name="frame"/> (one string per row, top first) as the difference to the last frame.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="frame"/> is null.</exception>
    public void Write(IReadOnlyList<string> frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var text = new StringBuilder();
        var full = previous is null || previous.Length != frame.Count;
        if (full)
        {
            text.Append("\u001b[H\u001b[2J");
        }

        for (var row = 0; row < frame.Count; row++)
        {
            if (full || !string.Equals(previous![row], frame[row], StringComparison.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"\u001b[{row + 1};1H").Append(frame[row]);
                if (frame[row].Contains('\u001b', StringComparison.Ordinal))
                {
                    text.Append(Sgr.Reset);
                }
            }
        }

        previous = [.. frame];
        if (text.Length == 0)
        {
            return;
        }

        var chunk = text.ToString();
        output.Write(chunk);
        output.Flush();
        BytesWritten += Encoding.UTF8.GetByteCount(chunk);
    }
}
