using SessionTui.Core;
using SessionTui.Storage;
using SessionTui.Tmux;

namespace SessionTui;

/// <summary>
/// The composition root's parts shared by the wall and the CLI: the process runner, the tmux transport and client, the
/// servers, and the history store (null when the database cannot be opened at all; read-only when it cannot be written).
/// </summary>
public sealed class WallServices : IDisposable
{
    private readonly SqliteHistoryStore? _store;

    private WallServices(
        IProcessRunner runner,
        ProcessTmuxTransport transport,
        string tmuxPath,
        IReadOnlyList<ServerRef> servers,
        SqliteHistoryStore? store,
        string? storeProblem,
        TimeProvider clock)
    {
        Runner = runner;
        Transport = transport;
        TmuxPath = tmuxPath;
        Servers = servers;
        _store = store;
        StoreProblem = storeProblem;
        Clock = clock;
        Tmux = new TmuxClient(transport, clock);
    }

    /// <summary>The one process runner.</summary>
    public IProcessRunner Runner { get; }

    /// <summary>The tmux transport (counts spawned processes).</summary>
    public ProcessTmuxTransport Transport { get; }

    /// <summary>tmux client over <see cref="Transport"/>.</summary>
    public TmuxClient Tmux { get; }

    /// <summary>The tmux program (<c>tmux</c>, found on PATH).</summary>
    public string TmuxPath { get; }

    /// <summary>Servers to watch, in order.</summary>
    public IReadOnlyList<ServerRef> Servers { get; }

    /// <summary>The history store, or null when it could not be opened.</summary>
    public IHistoryStore? Store => _store;

    /// <summary>Why history is not written (read-only or unavailable), or null.</summary>
    public string? StoreProblem { get; }

    /// <summary>The clock.</summary>
    public TimeProvider Clock { get; }

    /// <summary>Builds the services.</summary>
    /// <param name="servers">Servers from the command line.</param>
    /// <param name="dbPath">History database path.</param>
    /// <param name="openStore">Whether to open the database (commands that do not touch history skip it).</param>
    public static WallServices Create(IReadOnlyList<ServerRef> servers, string dbPath, bool openStore)
    {
        var runner = new ProcessRunner();
        var tmuxPath = "tmux";
        SqliteHistoryStore? store = null;
        string? problem = null;
        if (openStore)
        {
            try
            {
                store = SqliteHistoryStore.Open(dbPath);
            }
            catch (HistoryStoreException e)
            {
                problem = e.Message;
                try
                {
                    store = SqliteHistoryStore.OpenReadOnly(dbPath);
                    problem = "history is read-only: " + e.Message;
                }
                catch (HistoryStoreException)
                {
                    store = null;
                }
            }
        }

        return new WallServices(runner, new ProcessTmuxTransport(runner, tmuxPath), tmuxPath, servers, store, problem, TimeProvider.System);
    }

    /// <summary>Checks that tmux runs (<c>tmux -V</c>).</summary>
    /// <exception cref="ExecutableNotFoundException">tmux is not on PATH.</exception>
    public async Task<string> TmuxVersionAsync()
    {
        var r = await Runner.RunAsync(new ProcessSpec(TmuxPath, ["-V"])).ConfigureAwait(false);
        return r.StandardOutput.Trim();
    }

    /// <inheritdoc />
    public void Dispose() => _store?.Dispose();
}
