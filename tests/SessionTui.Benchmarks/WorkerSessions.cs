using System.Globalization;

namespace SessionTui.Benchmarks;

/// <summary>
/// The watched workload on a <see cref="TmuxFixture"/>: N sessions <c>worker-01</c>.., each a shell printing one line a second
/// while a flag file exists, then going quiet for good (<c>exec sleep</c>, the session stays). The server also counts the polls
/// it answers: a global <c>after-list-clients</c> hook increments <c>@stui_polls</c> (every wall poll runs <c>list-clients</c>
/// exactly once), which tells this server's share of the wall's spawns apart from the absent default socket's.
/// </summary>
internal sealed class WorkerSessions
{
    private const string PollCounter = "@stui_polls";
    private readonly TmuxFixture _server;
    private readonly string _flagFile;

    private WorkerSessions(TmuxFixture server, string flagFile, IReadOnlyList<string> paneIds)
    {
        _server = server;
        _flagFile = flagFile;
        PaneIds = paneIds;
    }

    /// <summary>The sessions' pane ids (<c>%N</c>), in creation order.</summary>
    public IReadOnlyList<string> PaneIds { get; }

    /// <summary>Name of the first session, for waiting until the wall shows it.</summary>
    public static string FirstName => Name(1);

    /// <summary>Creates the flag file and the sessions (in one tmux call), and installs the poll counter.</summary>
    /// <param name="server">The server to fill.</param>
    /// <param name="count">How many sessions.</param>
    public static WorkerSessions Start(TmuxFixture server, int count)
    {
        var flagFile = Path.Join(server.Directory, "busy.flag");
        File.WriteAllText(flagFile, "");
        List<string> args = ["set-hook", "-g", "after-list-clients", $"set-option -gF {PollCounter} '#{{e|+:#{{{PollCounter}}},1}}'"];
        for (var i = 1; i <= count; i++)
        {
            var script = $"while [ -e '{flagFile}' ]; do echo \"worker {i} tick $(date +%s)\"; sleep 1; done; exec sleep 100000";
            args.AddRange([";", "new-session", "-d", "-P", "-F", "#{pane_id}", "-s", Name(i), "-x", "80", "-y", "24", "--", "sh", "-c", script]);
        }

        var paneIds = server.Run([.. args]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return paneIds.Length == count
            ? new WorkerSessions(server, flagFile, paneIds)
            : throw new InvalidOperationException($"created {paneIds.Length} sessions, expected {count}");
    }

    /// <summary>Polls answered so far (<c>list-clients</c> commands run on this server).</summary>
    public long Polls()
    {
        var text = _server.Run("show-options", "-gv", PollCounter).Trim();
        return text.Length == 0 ? 0 : long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>Removes the flag file: within a second every loop ends and its pane stops printing.</summary>
    public void Quiet() => File.Delete(_flagFile);

    private static string Name(int i) => "worker-" + i.ToString("00", CultureInfo.InvariantCulture);
}
