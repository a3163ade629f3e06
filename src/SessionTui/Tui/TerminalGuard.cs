using System.Runtime.InteropServices;
using System.Text;

namespace SessionTui.Tui;

/// <summary>
/// The last line of defence for the terminal. Terminal.Gui installs no signal handlers, so on SIGTERM or SIGHUP it would
/// leave the alternate screen, mouse reporting and a hidden cursor behind; and when the terminal is gone its shutdown can
/// hang. The guard saves the terminal's modes at start (<c>tcgetattr</c>), turns termination signals into a request to
/// quit with exit code 128+N, and, once shutdown has begun, gives it <see cref="Grace"/>: if the process is still alive
/// then, it writes the reset sequences itself, restores the saved modes and ends the process with <c>_exit</c>.
/// </summary>
internal sealed class TerminalGuard : IDisposable
{
    /// <summary>How long an orderly shutdown may take before the guard ends the process.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    /// <summary>Everything the wall may have switched on, switched off: mouse modes 1000/1002/1003/1006/1015, bracketed
    /// paste, SGR reset, cursor shown, alternate screen left.</summary>
    public const string ResetSequence = "\u001b[?1000l\u001b[?1002l\u001b[?1003l\u001b[?1006l\u001b[?1015l\u001b[?2004l\u001b[0m\u001b[?25h\u001b[?1049l";

    private readonly byte[]? _termios;
    private readonly List<PosixSignalRegistration> _signals = [];
    private int _armed;

    /// <summary>Saves the terminal's modes and handles SIGTERM, SIGHUP, SIGINT and SIGQUIT (their default action cancelled).</summary>
    /// <param name="onSignal">Called on the signal thread with the exit code to end with (128 + signal number).</param>
    public TerminalGuard(Action<int> onSignal)
    {
        ArgumentNullException.ThrowIfNull(onSignal);
        var termios = new byte[NativeMethods.TermiosSize];
        _termios = NativeMethods.TcGetAttr(0, termios) == 0 ? termios : null;
        foreach (var (signal, number) in new[] { (PosixSignal.SIGTERM, 15), (PosixSignal.SIGHUP, 1), (PosixSignal.SIGINT, 2), (PosixSignal.SIGQUIT, 3) })
        {
            _signals.Add(PosixSignalRegistration.Create(signal, ctx =>
            {
                ctx.Cancel = true;
                onSignal(128 + number);
            }));
        }
    }

    /// <summary>Starts the grace period (once; later calls do nothing): after <see cref="Grace"/>, if the process still
    /// runs, the terminal is reset by hand and the process ends with <paramref name="exitCode"/>.</summary>
    public void Arm(int exitCode)
    {
        if (Interlocked.Exchange(ref _armed, 1) == 1)
        {
            return;
        }

        var watchdog = new Thread(() =>
        {
            Thread.Sleep(Grace);
            RestoreByHand();
            NativeMethods.Exit(exitCode);
        })
        { IsBackground = true, Name = "sessiontui-shutdown-watchdog" };
        watchdog.Start();
    }

    /// <summary>Writes <see cref="ResetSequence"/> to stdout and restores the saved terminal modes, ignoring every error
    /// (the terminal may be gone).</summary>
    public void RestoreByHand()
    {
        var bytes = Encoding.ASCII.GetBytes(ResetSequence);
        NativeMethods.Write(1, bytes, (nuint)bytes.Length);
        if (_termios is not null)
        {
            NativeMethods.TcSetAttr(0, NativeMethods.TcsaNow, _termios);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var s in _signals)
        {
            s.Dispose();
        }

        _signals.Clear();
    }
}
