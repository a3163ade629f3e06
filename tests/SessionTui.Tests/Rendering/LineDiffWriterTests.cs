using System.Text;
using SessionTui.Rendering;

namespace SessionTui.Tests.Rendering;

public sealed class LineDiffWriterTests
{
    private static readonly string[] Frame = ["header  ", "\u001b[0;1mcard\u001b[0m    ", "footer  "];

    [Fact]
    public void The_first_frame_is_a_full_repaint_that_clears_the_screen_and_writes_every_row()
    {
        var (writer, output) = Given();

        writer.Write(Frame);

        Assert.Equal("\u001b[H\u001b[2J\u001b[1;1Hheader  \u001b[2;1H\u001b[0;1mcard\u001b[0m    \u001b[0m\u001b[3;1Hfooter  ", output.ToString());
        Assert.Equal(Encoding.UTF8.GetByteCount(output.ToString()), writer.BytesWritten);
    }

    [Fact]
    public void An_identical_frame_writes_zero_bytes()
    {
        var (writer, output) = Given();
        writer.Write(Frame);
        var before = writer.BytesWritten;
        output.GetStringBuilder().Clear();

        writer.Write([.. Frame]);

        Assert.Equal(before, writer.BytesWritten);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void One_changed_row_writes_only_that_row_after_moving_the_cursor_to_it()
    {
        var (writer, output) = Given();
        writer.Write(Frame);
        var before = writer.BytesWritten;
        output.GetStringBuilder().Clear();

        writer.Write([Frame[0], Frame[1], "status  "]);

        Assert.Equal("\u001b[3;1Hstatus  ", output.ToString());
        Assert.Equal(before + Encoding.UTF8.GetByteCount("\u001b[3;1Hstatus  "), writer.BytesWritten);
    }

    [Fact]
    public void A_changed_row_with_escapes_ends_with_an_SGR_reset()
    {
        var (writer, output) = Given();
        writer.Write(Frame);
        output.GetStringBuilder().Clear();

        writer.Write([Frame[0], "\u001b[0;31mcard\u001b[0m    ", Frame[2]]);

        Assert.Equal("\u001b[2;1H\u001b[0;31mcard\u001b[0m    \u001b[0m", output.ToString());
    }

    [Fact]
    public void After_invalidate_the_next_frame_is_a_full_repaint_even_when_identical()
    {
        var (writer, output) = Given();
        writer.Write(Frame);
        output.GetStringBuilder().Clear();

        writer.Invalidate();
        writer.Write(Frame);

        Assert.StartsWith("\u001b[H\u001b[2J", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("\u001b[1;1Hheader", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("\u001b[3;1Hfooter", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_with_another_number_of_rows_is_a_full_repaint()
    {
        var (writer, output) = Given();
        writer.Write(Frame);
        output.GetStringBuilder().Clear();

        writer.Write([Frame[0], Frame[1]]);

        Assert.StartsWith("\u001b[H\u001b[2J", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_are_counted_as_UTF8()
    {
        var (writer, _) = Given();

        writer.Write(["日本"]);

        Assert.Equal(Encoding.UTF8.GetByteCount("\u001b[H\u001b[2J\u001b[1;1H日本"), writer.BytesWritten);
    }

    private static (LineDiffWriter Writer, StringWriter Output) Given()
    {
        var output = new StringWriter();
        return (new LineDiffWriter(output), output);
    }
}
