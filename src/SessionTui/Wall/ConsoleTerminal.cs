using System.Runtime.InteropServices;
using System.Text;
using SessionTui.Core;

namespace SessionTui.Wall;

/// <summary>
/// The real terminal: alternate screen, hidden cursor, a key reader that can be paused (so an attached tmux client gets
/// every keystroke), resize and termination signals. Restores the terminal (alternate screen off, cursor shown, SGR reset)
/// on <see cref="Restore"/>, which is idempotent and called on quit, on an exception, on SIGTERM and on SIGHUP; the .NET
/// runtime restores echo and canonical mode at process exit.
/// </summary>
public sealed class ConsoleTerminal : IDisposable
{
    private const string EnterSequence = "\u001b[?1049h\u001b[?25l\u001b[H\u001b[2J";
    private const string LeaveSequence = "\u001b[0m\u001b[?25h\u001b[?1049l";
    /// <summary>How often the key reader looks for input when none is waiting; keys already waiting are read at once.
    /// Measured: 25 ms cost 0.3 % of a core on an idle wall.</summary>
    private static readonly TimeSpan KeyPollInterval = TimeSpan.FromMilliseconds(50);

    private readonly object _gate = new();
    private readonly StreamWriter _out;
    private readonly List<PosixSignalRegistration> _signals = [];
    private readonly ManualResetEventSlim _reading = new(false);
    private Thread? _reader;
    private volatile bool _stopped;
    private bool _entered;

    /// <summary>Creates the terminal over the process's stdout.</summary>
    public ConsoleTerminal()
    {
        _out = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false, NewLine = "\n" };
    }

    /// <summary>Where frames are written; flush after each frame.</summary>
    public TextWriter Output => _out;

    /// <summary>Whether drawing is allowed now (false while a child owns the terminal, or after restore).</summary>
    public bool Active { get; private set; }

    /// <summary>Counts entries into the alternate screen: when it changes, the screen holds nothing of the last frame and
    /// the next frame must be a full repaint.</summary>
    public int Epoch { get; private set; }

    /// <summary>The terminal size in cells, read now (TIOCGWINSZ on stdout; falls back to 80x24).</summary>
    public static (int Width, int Height) Size()
    {
        try
        {
            var w = Console.WindowWidth;
            var h = Console.WindowHeight;
            return w > 0 && h > 0 ? (w, h) : (80, 24);
        }
        catch (IOException)
        {
            return (80, 24);
        }
    }

    /// <summary>Takes the terminal: alternate screen, hidden cursor, Ctrl-C as a key, and starts reading keys and signals.</summary>
    /// <param name="onKey">Called on the reader thread for every key press.</param>
    /// <param name="onResize">Called on SIGWINCH with the new size.</param>
    /// <param name="onTerminate">Called on SIGTERM, SIGHUP, SIGINT or SIGQUIT with the signal; the default action is cancelled.</param>
    public void Start(Action<KeyInput> onKey, Action<int, int> onResize, Action<PosixSignal> onTerminate)
    {
        Console.TreatControlCAsInput = true;
        Enter();
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ =>
        {
            var (w, h) = Size();
            onResize(w, h);
        }));
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGINT, PosixSignal.SIGQUIT })
        {
            _signals.Add(PosixSignalRegistration.Create(signal, ctx =>
            {
                ctx.Cancel = true;
                onTerminate(ctx.Signal);
            }));
        }

        _reader = new Thread(() => ReadKeys(onKey)) { IsBackground = true, Name = "sessiontui-keys" };
        _reader.Start();
        _reading.Set();
    }

    /// <summary>Hands the terminal to a child: stops reading stdin first, leaves the alternate screen, shows the cursor.</summary>
    public void Suspend()
    {
        _reading.Reset();
        lock (_gate)
        {
            Leave();
        }
    }

    /// <summary>Takes the terminal back after a child: alternate screen, hidden cursor, reading keys again.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            Enter();
        }

        _reading.Set();
    }

    /// <summary>Gives the terminal back for good. Safe to call more than once and from a signal handler.</summary>
    public void Restore()
    {
        _stopped = true;
        _reading.Set();
        lock (_gate)
        {
            Leave();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Restore();
        foreach (var s in _signals)
        {
            s.Dispose();
        }

        _reading.Dispose();
    }

    private void Enter()
    {
        if (_entered)
        {
            return;
        }

        _out.Write(EnterSequence);
        _out.Flush();
        _entered = true;
        Active = true;
        Epoch++;
    }

    private void Leave()
    {
        Active = false;
        if (!_entered)
        {
            return;
        }

        _entered = false;
        try
        {
            _out.Write(LeaveSequence);
            _out.Flush();
        }
        catch (IOException)
        {
            // The terminal is gone (SIGHUP after an SSH drop): nothing left to restore.
        }
    }

    private void ReadKeys(Action<KeyInput> onKey)
    {
        while (!_stopped)
        {
            _reading.Wait();
            if (_stopped)
            {
                return;
            }

            bool available;
            try
            {
                available = Console.KeyAvailable;
            }
            catch (InvalidOperationException)
            {
                return;
            }

            if (!available)
            {
                Thread.Sleep(KeyPollInterval);
                continue;
            }

            var info = Console.ReadKey(intercept: true);
            var text = info.KeyChar == '\0' ? "" : info.KeyChar.ToString();
            if (char.IsHighSurrogate(info.KeyChar))
            {
                var low = Console.ReadKey(intercept: true);
                text = char.IsLowSurrogate(low.KeyChar) ? new string([info.KeyChar, low.KeyChar]) : "\uFFFD";
            }
            else if (char.IsLowSurrogate(info.KeyChar))
            {
                text = "\uFFFD";
            }

            var mods = info.Modifiers;
            onKey(new KeyInput(
                info.Key,
                char.IsSurrogate(info.KeyChar) ? '\0' : info.KeyChar,
                mods.HasFlag(ConsoleModifiers.Control),
                mods.HasFlag(ConsoleModifiers.Alt),
                mods.HasFlag(ConsoleModifiers.Shift),
                char.IsControl(info.KeyChar) ? "" : text));
        }
    }
}
