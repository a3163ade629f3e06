using System.Globalization;
using System.Text;
using SessionTui.Core;
using SessionTui.Core.Runs;
using SessionTui.Storage;
using SessionTui.Tmux;
using SessionTui.Workcells;

namespace SessionTui.Cli;

/// <summary>The workcell commands: launch, runs, runs show, logs, resume, and the hidden ones tmux runs (run-ended,
/// pipe-log).</summary>
public static class RunCommands
{
    /// <summary><c>sessiontui launch NAME [options] -- CMD [ARGS...]</c>: prints the run id (or a JSON object) and returns
    /// once the agent runs in tmux.</summary>
    public static async Task<int> LaunchAsync(WorkcellServices w, LaunchRequest request, ServerRef server, bool json, CancellationToken ct)
    {
        try
        {
            var result = await w.Launcher.LaunchAsync(request, server, ct).ConfigureAwait(false);
            PrintLaunched(result, json);
            return ExitCodes.Ok;
        }
        catch (LaunchException e)
        {
            return await Refused(e).ConfigureAwait(false);
        }
    }

    /// <summary><c>sessiontui resume RUN [--task TEXT] [-- CMD...]</c>: a new run linked to RUN.</summary>
    public static async Task<int> ResumeAsync(WorkcellServices w, string run, string? task, IReadOnlyList<string> command, bool json, CancellationToken ct)
    {
        var parent = Find(w, run);
        if (parent is null)
        {
            return await NoRun(run).ConfigureAwait(false);
        }

        try
        {
            var result = await w.Launcher.ResumeAsync(parent, task, command, ct).ConfigureAwait(false);
            PrintLaunched(result, json);
            return ExitCodes.Ok;
        }
        catch (LaunchException e)
        {
            return await Refused(e).ConfigureAwait(false);
        }
    }

    /// <summary><c>sessiontui runs [--limit N] [--state S] [--json]</c>: recent runs, newest first, after recording the ends
    /// found by observation.</summary>
    public static async Task<int> ListAsync(WorkcellServices w, int limit, RunState? state, bool json, CancellationToken ct)
    {
        await ReconcileAsync(w, ct).ConfigureAwait(false);
        var runs = w.Store?.ListRuns(limit, state) ?? [];
        if (json)
        {
            Console.WriteLine(RunJson.Serialize(runs));
            return ExitCodes.Ok;
        }

        Table.Print(
            ["RUN", "NAME", "STATE", "EXIT", "DURATION", "COMMITS", "VERIFY", "AGENT"],
            runs.Select(r => (IReadOnlyList<string>)[
                r.RunId, r.Name, RunStates.Text(r.State), r.Exit?.ToString() ?? "", Duration(r), r.Verification?.Commits.Count.ToString(CultureInfo.InvariantCulture) ?? "",
                VerifyWord(r), r.Agent]).ToList());
        return ExitCodes.Ok;
    }

    /// <summary><c>sessiontui runs show RUN [--json]</c>: one run with brief, exit, verification, diagnosis, handoff and
    /// last screen.</summary>
    public static async Task<int> ShowAsync(WorkcellServices w, string key, bool json, CancellationToken ct)
    {
        await ReconcileAsync(w, ct).ConfigureAwait(false);
        var run = Find(w, key);
        if (run is null)
        {
            return await NoRun(key).ConfigureAwait(false);
        }

        var folder = new RunFolder(run.RunDir);
        var brief = TryRead(folder.Brief);
        var handoff = TryRead(folder.Handoff) ?? w.Store?.LoadHandoff(run.RunId);
        var children = w.Store?.ChildRuns(run.RunId).Select(c => c.RunId).ToList() ?? [];
        if (json)
        {
            Console.WriteLine(RunJson.Serialize(new RunDetail(run, brief, handoff, children)));
            return ExitCodes.Ok;
        }

        Console.Out.Write(RunText.Detail(run, brief, handoff, children));
        return ExitCodes.Ok;
    }

    /// <summary><c>sessiontui logs RUN [--follow] [--lines N]</c>: the agent's raw output; with <c>--follow</c>, new output
    /// as it comes until the run has ended.</summary>
    public static async Task<int> LogsAsync(WorkcellServices w, string key, bool follow, int lines, CancellationToken ct)
    {
        var run = Find(w, key);
        if (run is null)
        {
            return await NoRun(key).ConfigureAwait(false);
        }

        var folder = new RunFolder(run.RunDir);
        var stdout = Console.OpenStandardOutput();
        var tail = AgentLog.Tail(folder.AgentLog, lines);
        var bytes = Encoding.UTF8.GetBytes(tail);
        await stdout.WriteAsync(bytes, ct).ConfigureAwait(false);
        if (!follow)
        {
            if (tail.Length > 0 && !tail.EndsWith('\n'))
            {
                await stdout.WriteAsync("\n"u8.ToArray(), ct).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }

        long position = File.Exists(folder.AgentLog) ? new FileInfo(folder.AgentLog).Length : 0;
        var buffer = new byte[64 * 1024];
        var quietTicks = 0;
        while (!ct.IsCancellationRequested)
        {
            var length = File.Exists(folder.AgentLog) ? new FileInfo(folder.AgentLog).Length : 0;
            if (length < position)
            {
                position = 0; // rotated
            }

            if (length > position)
            {
                await using var stream = new FileStream(folder.AgentLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                stream.Position = position;
                int read;
                while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                {
                    await stdout.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                    position += read;
                }

                await stdout.FlushAsync(ct).ConfigureAwait(false);
                quietTicks = 0;
                continue;
            }

            var status = SafeStatus(folder);
            if (status is { IsEnded: true } && ++quietTicks > 2)
            {
                return ExitCodes.Ok;
            }

            try
            {
                await Task.Delay(200, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary><c>sessiontui history show ID [--json]</c>: one ended (or live) session with its last screen.</summary>
    public static Task<int> HistoryShowAsync(string dbPath, long id, bool json)
    {
        using var store = File.Exists(dbPath) ? SqliteHistoryStore.OpenReadOnly(dbPath) : null;
        var entry = store?.List(int.MaxValue).FirstOrDefault(e => e.Id == id);
        if (entry is null)
        {
            Console.Error.WriteLine($"sessiontui: no history row {id.ToString(CultureInfo.InvariantCulture)} (see sessiontui history)");
            return Task.FromResult(ExitCodes.NoSuchSession);
        }

        var screen = store!.LoadScreen(id);
        if (json)
        {
            Console.WriteLine(JsonModel.Serialize(new JsonModel.HistoryShowJson(JsonModel.Of(entry), screen)));
            return Task.FromResult(ExitCodes.Ok);
        }

        var b = new StringBuilder();
        b.Append("session  ").Append(entry.Name).Append(" (").Append(entry.SessionId).Append(" on ").Append(entry.Server).Append(")\n");
        b.Append("created  ").Append(RunText.Utc(entry.Created)).Append('\n');
        b.Append("seen     ").Append(RunText.Utc(entry.FirstSeen)).Append(" .. ").Append(RunText.Utc(entry.LastSeen)).Append('\n');
        b.Append("end      ").Append(entry.EndText).Append(entry.Ended is { } ended ? " at " + RunText.Utc(ended) : "").Append('\n');
        b.Append("command  ").Append(entry.Command ?? "").Append('\n');
        b.Append("path     ").Append(entry.Path ?? "").Append('\n');
        b.Append("\nlast screen\n");
        b.Append(screen is null ? "  (none captured)\n" : RunText.Indent(Ansi.Strip(screen).TrimEnd()));
        Console.Out.Write(b.ToString());
        return Task.FromResult(ExitCodes.Ok);
    }

    /// <summary>The hidden <c>run-ended</c> command tmux's hooks run: <c>--run-dir DIR --exit STATUS:SIGNAL --pane %N</c> from
    /// <c>pane-died</c>, or <c>--closed --socket S --server-pid P --session-id $N</c> from <c>session-closed</c>.</summary>
    public static async Task<int> RunEndedAsync(WorkcellServices w, string? runDir, string? exit, bool closed, string? socket, int serverPid, string? sessionId, string? paneId, CancellationToken ct)
    {
        if (closed)
        {
            // A pipeline's session holds its run and its stages' runs: all of them end with it.
            foreach (var run in w.Store?.ActiveRuns().Where(r => r.Socket == socket && r.SessionId == sessionId && (r.ServerPid == 0 || r.ServerPid == serverPid)) ?? [])
            {
                await w.Completion.EndedWithoutExit(new RunFolder(run.RunDir), RunState.Killed, null, run, ct).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }

        if (runDir is null || exit is null)
        {
            await Console.Error.WriteLineAsync("sessiontui: run-ended needs --run-dir and --exit STATUS:SIGNAL").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        await w.Completion.ExitedAsync(new RunFolder(runDir), ParseExit(exit), paneId, ct).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>The hidden <c>pipe-log</c> command tmux's <c>pipe-pane</c> runs: stdin into the rotated <c>agent.log</c>,
    /// nudging the server to reap the agent once it has exited (see <see cref="AgentLog.PumpAsync"/>).</summary>
    public static async Task<int> PipeLogAsync(string path, long maxBytes, TmuxClient tmux, string? socket, int? agentPid)
    {
        Func<Task>? reap = null;
        if (socket is not null)
        {
            var server = TmuxServers.FromSocketPath(socket);
            reap = async () =>
            {
                try
                {
                    await tmux.ReapAsync(server).ConfigureAwait(false);
                }
                catch (TmuxServerUnavailableException)
                {
                }
            };
        }

        await AgentLog.PumpAsync(Console.OpenStandardInput(), path, maxBytes, agentPid, reap).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary><c>STATUS:SIGNAL</c> as tmux's hook expands it: <c>3:</c> or <c>:9</c>; null when neither is known (<c>:</c>).</summary>
    internal static RunExit? ParseExit(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var status = text[..colon];
        var signal = text[(colon + 1)..];
        if (signal.Length > 0 && int.TryParse(signal, NumberStyles.None, CultureInfo.InvariantCulture, out var sig))
        {
            return new RunExit(null, sig);
        }

        return int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? new RunExit(code, null) : null;
    }

    internal static async Task ReconcileAsync(WorkcellServices w, CancellationToken ct)
    {
        try
        {
            await w.Reconciler.ReconcileAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HistoryStoreException or IOException)
        {
            await Console.Error.WriteLineAsync("sessiontui: runs not checked against tmux: " + OneLine.Of(e)).ConfigureAwait(false);
        }
    }

    /// <summary>The run named by an id or a session name: its status file when readable (the record that survives a
    /// database that missed a write), else its database row; without a database, a run id still names its folder.</summary>
    internal static RunRecord? Find(WorkcellServices w, string key)
    {
        var run = w.Store?.FindRun(key);
        if (run is null && !key.Contains('/', StringComparison.Ordinal))
        {
            var folder = new RunFolder(Path.Join(w.Paths.RunsDir, key));
            run = Directory.Exists(folder.Path) ? SafeStatus(folder) : null;
        }

        return run is null ? null : SafeStatus(new RunFolder(run.RunDir)) ?? run;
    }

    private static RunRecord? SafeStatus(RunFolder folder)
    {
        try
        {
            return File.Exists(folder.Status) ? folder.ReadStatus() : null;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    internal static void PrintLaunched(LaunchResult result, bool json)
    {
        if (json)
        {
            Console.WriteLine(RunJson.Serialize(new LaunchOutput(result.Run.RunId, result.Session.Name, result.Session.SessionId, result.Session.ActivePane.PaneId, result.Run.Socket, result.Run.RunDir, result.Session.ActivePane.Pid)));
        }
        else
        {
            Console.WriteLine(result.Run.RunId);
        }
    }

    internal static async Task<int> Refused(LaunchException e)
    {
        await Console.Error.WriteLineAsync("sessiontui: " + e.Message).ConfigureAwait(false);
        return e.Kind switch
        {
            LaunchFailure.Invalid => ExitCodes.Usage,
            LaunchFailure.NameTaken => ExitCodes.NameTaken,
            _ => ExitCodes.Failure,
        };
    }

    internal static async Task<int> NoRun(string key)
    {
        await Console.Error.WriteLineAsync($"sessiontui: no run with id or name '{key}' (see sessiontui runs)").ConfigureAwait(false);
        return ExitCodes.NoSuchSession;
    }

    private static string Duration(RunRecord r) => r.Ended is { } end ? Cards.Duration(end - r.Started) : "";

    private static string VerifyWord(RunRecord r) => r.Verification switch
    {
        null => "",
        { ForbiddenChanges.Count: > 0 } => "forbidden",
        { VerifyPassed: true } => "passed",
        { VerifyPassed: false } => "failed",
        _ => "none",
    };
}
