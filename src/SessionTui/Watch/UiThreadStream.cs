using System.Reactive.Concurrency;

namespace SessionTui.Watch;

/// <summary>
/// A write-only stream for the wall's terminal channel: each write is copied and written to the terminal on the UI thread
/// (where Terminal.Gui writes its frames), so a notification's escape sequence never lands in the middle of a frame. Writes
/// return at once; a failing write is dropped (the notifier has already counted the send).
/// </summary>
internal sealed class UiThreadStream(IScheduler ui, Stream terminal) : Stream
{
    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count)
    {
        var copy = buffer.AsSpan(offset, count).ToArray();
        ui.Schedule(() =>
        {
            try
            {
                terminal.Write(copy);
                terminal.Flush();
            }
            catch (IOException)
            {
            }
        });
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
}
