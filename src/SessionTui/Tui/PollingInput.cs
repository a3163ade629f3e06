using Terminal.Gui.Drivers;

namespace SessionTui.Tui;

/// <summary>
/// Terminal.Gui's ANSI input with a <see cref="Peek"/> that waits in <c>poll(2)</c> for the terminal (up to
/// <see cref="WaitMs"/>) instead of returning at once. The stock input thread checks stdin every 20 ms
/// (<c>InputImpl.Run</c>: <c>Task.Delay(20)</c>, no setting), which costs an idle wall about 4–5 % of a core; waiting in
/// poll costs nearly nothing and still answers a key as soon as it arrives. A second descriptor, a pipe, wakes the wait
/// at once when the application is about to be disposed (<see cref="Wake"/>), so an attach does not wait out the poll.
/// </summary>
/// <remarks>
/// When the terminal goes away (an SSH drop, the outer tmux killed) stdin reports <c>POLLHUP</c>: the stock input then
/// spins at 100 % of a core (poll says "ready", read returns nothing) and <c>Dispose</c> waits for it forever. Here a
/// hang-up is reported once through the callback and the input stops reading, so the wall can restore what is left of the
/// terminal and exit.
/// </remarks>
internal sealed class PollingInput : AnsiInput
{
    /// <summary>Longest wait for input in one <see cref="Peek"/>, in ms.</summary>
    public const int WaitMs = 250;

    private readonly Action _hangUp;
    private readonly int[] _wake = [-1, -1];
    private readonly NativeMethods.PollFd[] _fds = new NativeMethods.PollFd[2];
    private readonly byte[] _drain = new byte[64];
    private volatile bool _hungUp;
    private int _disposed;

    /// <summary>Creates the input (Terminal.Gui's base constructor puts the terminal in raw mode).</summary>
    /// <param name="hangUp">Called once, on the input thread, when the terminal hangs up.</param>
    /// <exception cref="IOException">The wake pipe could not be created.</exception>
    public PollingInput(Action hangUp)
    {
        _hangUp = hangUp;
        if (NativeMethods.Pipe(_wake) != 0)
        {
            throw new IOException("pipe(2) failed for the terminal input: errno " + System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>Whether the terminal hung up.</summary>
    public bool HungUp => _hungUp;

    /// <inheritdoc />
    public override bool Peek()
    {
        if (_hungUp)
        {
            Thread.Sleep(WaitMs);
            return false;
        }

        _fds[0] = new NativeMethods.PollFd { Fd = 0, Events = NativeMethods.PollIn };
        _fds[1] = new NativeMethods.PollFd { Fd = _wake[0], Events = NativeMethods.PollIn };
        var ready = NativeMethods.Poll(_fds, 2, WaitMs);
        if (ready > 0)
        {
            if ((_fds[1].Revents & NativeMethods.PollIn) != 0)
            {
                NativeMethods.Read(_wake[0], _drain, (nuint)_drain.Length);
            }

            if ((_fds[0].Revents & (NativeMethods.PollHup | NativeMethods.PollErr | NativeMethods.PollNval)) != 0)
            {
                _hungUp = true;
                _hangUp();
                return false;
            }
        }

        return base.Peek();
    }

    /// <summary>Ends the current wait at once (before the application is disposed, so its input thread stops promptly).</summary>
    public void Wake()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            NativeMethods.Write(_wake[1], [1], 1);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        base.Dispose();
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            NativeMethods.Close(_wake[0]);
            NativeMethods.Close(_wake[1]);
        }
    }
}
