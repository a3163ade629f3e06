using System.Diagnostics;
using System.Globalization;

namespace SessionTui.Benchmarks;

/// <summary>
/// The watched workload on a <see cref="TmuxFixture"/>: N sessions <c>worker-01</c>.., each a bash loop printing
/// <c>worker N tick EPOCH-SECONDS</c> once a second while a flag file exists (so every card changes every second), then going
/// quiet for good (the session stays). The loop forks nothing (<c>printf %(%s)T</c> and <c>read -t 1</c> on a pipe nobody
/// writes are bash builtins), so the workload's own process churn stays out of the machine's load.
/// </summary>
internal sealed class WorkerSessions
{
    private readonly string _flagFile;
    private readonly Stopwatch _age;

    private WorkerSessions(string flagFile, IReadOnlyList<string> paneIds, Stopwatch age)
    {
        _flagFile = flagFile;
        PaneIds = paneIds;
        _age = age;
    }

    /// <summary>The sessions' pane ids (<c>%N</c>), in creation order.</summary>
    public IReadOnlyList<string> PaneIds { get; }

    /// <summary>Time since the sessions were created (the wall's age labels count from there).</summary>
    public TimeSpan Age => _age.Elapsed;

    /// <summary>Name of the first session, for waiting until the wall shows it.</summary>
    public static string FirstName => Name(1);

    /// <summary>Creates the flag file and the sessions, in one tmux call.</summary>
    /// <param name="server">The server to fill.</param>
    /// <param name="count">How many sessions.</param>
    /// <exception cref="InvalidOperationException">tmux failed or made fewer sessions.</exception>
    public static WorkerSessions Start(TmuxFixture server, int count)
    {
        var flagFile = Path.Join(server.Directory, "busy.flag");
        File.WriteAllText(flagFile, "");
        List<string> args = [];
        for (var i = 1; i <= count; i++)
        {
            var script = $"exec 3<> <(:); while [ -e '{flagFile}' ]; do printf 'worker {i:00} tick %(%s)T\\n' -1; read -t 1 -u 3; done; exec sleep infinity";
            if (i > 1)
            {
                args.Add(";");
            }

            args.AddRange(["new-session", "-d", "-P", "-F", "#{pane_id}", "-s", Name(i), "-x", "80", "-y", "24", "--", "bash", "-c", script]);
        }

        var age = Stopwatch.StartNew();
        var paneIds = server.Run([.. args]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return paneIds.Length == count
            ? new WorkerSessions(flagFile, paneIds, age)
            : throw new InvalidOperationException($"created {paneIds.Length} sessions, expected {count}");
    }

    /// <summary>Removes the flag file: within a second every loop ends and its pane stops printing.</summary>
    public void Quiet() => File.Delete(_flagFile);

    private static string Name(int i) => "worker-" + i.ToString("00", CultureInfo.InvariantCulture);
}
