using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using SessionTui.Core;
using SessionTui.Core.Runs;

namespace SessionTui.Watch;

/// <summary>Where the watchdog's transitions go besides the database: the notification channels.</summary>
internal interface IStateNotifier
{
    /// <summary>A session's shown state changed.</summary>
    void Changed(AgentStateChanged change);

    /// <summary>A run or loop ended.</summary>
    void Finished(RunFinished finished);
}

/// <summary>
/// The watchdog's effects, shared by <c>sessiontui watch</c> and the wall: each <see cref="AgentStateChanged"/> and
/// <see cref="RunFinished"/> is printed as one line (JSON or text, for <c>watch</c>), and, only by the process that holds the database's
/// <see cref="NotifierLock"/>, recorded in the <c>transitions</c> table and handed to the notifier. A process that does not
/// hold the lock tries again at most every 5 s, so a <c>watch</c> started while a wall holds it takes over when the wall ends.
/// Never throws and never blocks its caller (the wall's UI thread): records are written by one background task in order;
/// a failing database write is reported through <c>warn</c> once per problem.
/// </summary>
internal sealed class Watchdog : IDisposable
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(5);
    private readonly string? _dbPath;
    private readonly string _holder;
    private readonly ITransitionLog? _log;
    private readonly IStateNotifier? _notifier;
    private readonly IWatchOutput? _output;
    private readonly Action<string> _warn;
    private readonly TimeProvider _clock;
    /// <summary>Work for the background writer, in order: a <see cref="StateTransition"/> to save, or a
    /// <see cref="StatesFound"/> to compare with what was recorded.</summary>
    private readonly System.Threading.Channels.Channel<object> _records = System.Threading.Channels.Channel.CreateUnbounded<object>(new() { SingleReader = true });
    private readonly Task _writer;
    private NotifierLock? _lock;
    private DateTimeOffset _triedAt;
    private string? _lastProblem;

    /// <summary>Creates the watchdog and tries to take the lock.</summary>
    /// <param name="dbPath">The history database (the lock sits beside it), or null: then this process always notifies.</param>
    /// <param name="holder"><c>watch</c> or <c>wall</c>.</param>
    /// <param name="log">Where transitions are recorded, or null when the database is not writable.</param>
    /// <param name="notifier">The notification channels, or null when none is configured.</param>
    /// <param name="output">Where <c>watch</c> prints one line per event (JSON or text), or null (the wall).</param>
    /// <param name="warn">One-line problems.</param>
    /// <param name="clock">Paces the lock retries.</param>
    public Watchdog(string? dbPath, string holder, ITransitionLog? log, IStateNotifier? notifier, IWatchOutput? output, Action<string> warn, TimeProvider clock)
    {
        _dbPath = dbPath;
        _holder = holder;
        _log = log;
        _notifier = notifier;
        _output = output;
        _warn = warn;
        _clock = clock;
        TryLock(announce: true);
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Whether this process records and notifies (it holds the lock, or there is no database).</summary>
    public bool Notifies => _dbPath is null || _lock is not null;

    /// <summary>Tries the lock again when this process does not hold it (at most every 5 s): called on every message.</summary>
    public void Tick() => TryLock(announce: false);

    /// <summary>Records, notifies and prints a state change.</summary>
    public void Changed(AgentStateChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        TryLock(announce: false);
        if (Notifies)
        {
            if (_log is not null)
            {
                _records.Writer.TryWrite(StateTransition.Of(change));
            }

            _notifier?.Changed(change);
        }

        _output?.Changed(change);
    }

    /// <summary>
    /// Sessions whose state is known for the first time. Each is compared, in the background, with the last transition
    /// recorded for it: a session whose state differs (or that was never recorded) gets the transition from the recorded
    /// state (or none) to the state found, recorded and notified (by the lock holder) and printed like any other; one whose
    /// state is the one recorded gets nothing, so restarting <c>watch</c> does not notify again for a session still
    /// waiting. Without a writable database each is a transition from none.
    /// </summary>
    public void Found(StatesFound found)
    {
        ArgumentNullException.ThrowIfNull(found);
        TryLock(announce: false);
        if (_log is not null)
        {
            _records.Writer.TryWrite(found);
            return;
        }

        foreach (var card in found.Cards)
        {
            Changed(new AgentStateChanged(card, null, found.At));
        }
    }

    /// <summary>Notifies and prints a run's end.</summary>
    public void Finished(RunFinished finished)
    {
        ArgumentNullException.ThrowIfNull(finished);
        TryLock(announce: false);
        if (Notifies)
        {
            _notifier?.Finished(finished);
        }

        _output?.Finished(finished);
    }

    /// <summary>Writes what is queued (at most 5 s), then releases the lock.</summary>
    public void Dispose()
    {
        _records.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(5));
        (_notifier as IDisposable)?.Dispose();
        _lock?.Dispose();
    }

    private async Task WriteAsync()
    {
        await foreach (var item in _records.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            switch (item)
            {
                case StateTransition transition:
                    Save(transition);
                    break;
                case StatesFound found:
                    CatchUp(found);
                    break;
            }
        }
    }

    private void CatchUp(StatesFound found)
    {
        foreach (var card in found.Cards)
        {
            StateTransition? last;
            try
            {
                last = _log!.LastTransition(card.Server.SocketPath, card.ServerPid, card.SessionId);
            }
            catch (HistoryStoreException e)
            {
                Problem("cannot read the recorded states: " + e.Message);
                return;
            }

            if (last?.To == card.State)
            {
                continue;
            }

            var change = new AgentStateChanged(card, last?.To, found.At);
            if (Notifies)
            {
                Save(StateTransition.Of(change));
                _notifier?.Changed(change);
            }

            _output?.Changed(change);
        }
    }

    private void TryLock(bool announce)
    {
        if (_dbPath is null || _lock is not null || (!announce && _clock.GetUtcNow() - _triedAt < Retry))
        {
            return;
        }

        _triedAt = _clock.GetUtcNow();
        try
        {
            _lock = NotifierLock.TryTake(_dbPath, _holder, out var heldBy);
            if (_lock is null && announce)
            {
                _warn($"another watcher ({(heldBy.Length > 0 ? heldBy : "unknown")}) notifies for {_dbPath}: this {_holder} does not record or notify until it ends");
            }
            else if (_lock is not null && !announce)
            {
                _warn($"this {_holder} now records and notifies for {_dbPath}");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Problem("cannot take the notifier lock beside " + _dbPath + ": " + e.Message);
        }
    }

    private void Save(StateTransition transition)
    {
        try
        {
            _log!.SaveTransition(transition);
            lock (_records)
            {
                _lastProblem = null;
            }
        }
        catch (HistoryStoreException e)
        {
            Problem("transition not recorded: " + e.Message);
        }
    }

    private void Problem(string line)
    {
        lock (_records)
        {
            if (line == _lastProblem)
            {
                return;
            }

            _lastProblem = line;
        }

        _warn(line);
    }

    /// <summary>The JSON line of a state change (documented in the README, <c>watch --json</c>).</summary>
    internal static string Line(AgentStateChanged c) => Write(w =>
    {
        var card = c.Card;
        w.WriteString("at", Utc(c.At));
        w.WriteString("kind", "state");
        w.WriteString("session", card.Name);
        w.WriteString("id", card.SessionId);
        w.WriteString("server", card.Server.Label);
        w.WriteString("pane", card.PaneId);
        if (c.From is { } from)
        {
            w.WriteString("from", AgentStates.Text(from));
        }
        else
        {
            w.WriteNull("from");
        }

        w.WriteString("to", AgentStates.Text(card.State));
        w.WriteString("rule", card.Verdict?.Rule ?? "");
        w.WriteString("detail", card.Verdict?.Lines.FirstOrDefault() ?? "");
        WriteTime(w, "resetsAt", card.Verdict?.ResetsAt);
        WriteNumber(w, "exitStatus", card.Verdict?.ExitStatus);
        w.WriteBoolean("needsYou", card.NeedsYou);
        w.WriteNumber("attached", card.AttachedClients);
    });

    /// <summary>The JSON line of a run's end.</summary>
    internal static string Line(RunFinished f) => Write(w =>
    {
        var run = f.Run;
        w.WriteString("at", Utc(f.At));
        w.WriteString("kind", run.Loop is null ? "run-ended" : "loop-ended");
        w.WriteString("session", run.Name);
        w.WriteString("id", run.SessionId ?? "");
        w.WriteString("server", run.Server);
        w.WriteString("run", run.RunId);
        w.WriteString("outcome", RunStates.Text(run.State));
        WriteNumber(w, "exitStatus", run.Exit?.Status);
        w.WriteString("reason", run.Loop?.Reason ?? run.Diagnosis?.Evidence ?? "");
        w.WriteNumber("attached", f.Attached);
    });

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? t)
    {
        if (t is { } value)
        {
            w.WriteString(name, Utc(value));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, int? n)
    {
        if (n is { } value)
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
