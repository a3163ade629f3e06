using System.Diagnostics;
using System.Text.Json;

namespace SessionTui.Benchmarks;

/// <summary>Start-to-exit times of <c>sessiontui list --json</c> for one build.</summary>
/// <param name="Variant"><c>jit</c> or <c>aot</c>.</param>
/// <param name="Sessions">Sessions on the server it listed.</param>
/// <param name="Ms">Each timed run, ms (the untimed first run excluded).</param>
/// <param name="Failures">Runs that exited non-zero or did not list every session.</param>
/// <param name="FirstFailure">What the first failure said, or null.</param>
internal sealed record ListResult(string Variant, int Sessions, IReadOnlyList<double> Ms, int Failures, string? FirstFailure)
{
    /// <summary>Median run, ms.</summary>
    public double Median => Stats.Percentile(Ms, 50);
}

/// <summary>
/// Times <c>sessiontui list --json -S SOCKET --db PATH</c> (the JIT build through the dotnet host): from just before
/// <see cref="Process.Start()"/> to the process having exited and closed its output (so .NET's own fork/exec and reaping,
/// about a millisecond, are included). Runs alternate between the builds, so a burst of load from other work hits both.
/// One untimed run per build first (creates its database, warms the file cache).
/// </summary>
internal static class ListTiming
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs each build <paramref name="runs"/> times against <paramref name="server"/>.</summary>
    public static IReadOnlyList<ListResult> Run(IReadOnlyList<WallVariant> variants, TmuxFixture server, int sessions, int runs, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateDirectory(Path.Join(server.Directory, "list")).FullName;
        var emptyTmuxDir = Directory.CreateDirectory(Path.Join(folder, "empty-tmux-tmpdir")).FullName;
        var times = variants.ToDictionary(v => v.Name, _ => new List<double>(), StringComparer.Ordinal);
        var failures = variants.ToDictionary(v => v.Name, _ => new List<string>(), StringComparer.Ordinal);
        for (var i = 0; i <= runs; i++)
        {
            foreach (var variant in variants)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (ms, problem) = Once(variant, server.SocketPath, sessions, Path.Join(folder, variant.Name + ".db"), emptyTmuxDir, folder);
                if (problem is not null)
                {
                    failures[variant.Name].Add(problem);
                }
                else if (i > 0)
                {
                    times[variant.Name].Add(ms);
                }
            }
        }

        return variants.Select(v => new ListResult(v.Name, sessions, times[v.Name], failures[v.Name].Count, failures[v.Name].FirstOrDefault())).ToList();
    }

    private static (double Ms, string? Problem) Once(WallVariant variant, string socket, int sessions, string db, string emptyTmuxDir, string home)
    {
        var argv = variant.Command(["list", "--json", "-S", socket, "--db", db]);
        var start = Processes.Describe(argv[0], argv.Skip(1), new Dictionary<string, string?>
        {
            ["TMUX"] = null,
            ["TMUX_PANE"] = null,
            ["TMUX_TMPDIR"] = emptyTmuxDir,
            ["HOME"] = home,
            ["XDG_STATE_HOME"] = Path.Join(home, "state"),
            ["SESSIONTUI_METRICS"] = null,
        });
        var began = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{argv[0]} did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            return (0, $"ran longer than {Timeout.TotalSeconds:0} s");
        }

        process.WaitForExit();
        var ms = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            return (ms, $"exit {process.ExitCode}: {stderr.GetAwaiter().GetResult().Trim()}");
        }

        try
        {
            using var json = JsonDocument.Parse(stdout.GetAwaiter().GetResult());
            var listed = json.RootElement.GetProperty("sessions").GetArrayLength();
            return listed == sessions ? (ms, null) : (ms, $"listed {listed} sessions, expected {sessions}");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (ms, "output is not the expected JSON: " + e.Message);
        }
    }
}
