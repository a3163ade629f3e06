using System.Globalization;

namespace SessionTui.Benchmarks;

/// <summary>The command line (see <see cref="Usage"/>).</summary>
/// <param name="Variants">Builds to measure side by side: <c>jit</c> and/or <c>aot</c>.</param>
/// <param name="Binary">The Native AOT executable (<c>--binary</c>), needed for <c>aot</c>.</param>
/// <param name="Dll">The JIT build's sessiontui.dll (<c>--dll</c>); null: the repository's build output.</param>
/// <param name="Sessions">Session counts to measure, one run each.</param>
/// <param name="Start">Wall age at which the busy phase starts (the first minute counts).</param>
/// <param name="Busy">Length of the busy phase.</param>
/// <param name="Idle">Length of the idle phase.</param>
/// <param name="Settle">From silencing the sessions to the idle phase.</param>
/// <param name="KeyPresses">Keys sent per wall to time send-keys → screen (after the busy phase, sessions still busy).</param>
/// <param name="ListRuns">Timed runs of <c>list --json</c> per build (after one untimed run).</param>
/// <param name="ListSessions">Session count of the run after which <c>list --json</c> is timed.</param>
/// <param name="LaunchRuns">Timed runs of <c>launch</c> per build (after one untimed run; zero: skip).</param>
/// <param name="LaunchOnly">Skip the walls, <c>list --json</c> and the reference poller: time only <c>launch</c>.</param>
/// <param name="Reference">Length of the reference poller run (zero: skip it).</param>
/// <param name="WallArgs">Extra arguments for the wall (<c>--interval MS</c>).</param>
/// <param name="WallEnvironment">Extra environment for the wall, <c>NAME=VALUE</c> each.</param>
/// <param name="Strace">Run the walls under strace (to count spawns per server and database bytes exactly).</param>
/// <param name="NoMetrics">Builds whose metrics are not asked for (no <c>$SESSIONTUI_METRICS</c>, no SIGUSR1): for a build
/// whose metrics dump does not work; its frame, redraw and key→frame numbers are then n/a.</param>
/// <param name="Out">Also write the report to this file.</param>
/// <param name="Json">Also write the raw results as JSON to this file.</param>
internal sealed record BenchmarkOptions(
    IReadOnlyList<string> Variants,
    string? Binary,
    string? Dll,
    IReadOnlyList<int> Sessions,
    TimeSpan Start,
    TimeSpan Busy,
    TimeSpan Idle,
    TimeSpan Settle,
    int KeyPresses,
    int ListRuns,
    int ListSessions,
    int LaunchRuns,
    bool LaunchOnly,
    TimeSpan Reference,
    IReadOnlyList<string> WallArgs,
    IReadOnlyList<string> WallEnvironment,
    bool Strace,
    IReadOnlyList<string> NoMetrics,
    string? Out,
    string? Json)
{
    /// <summary>The usage text.</summary>
    public const string Usage =
        """
        usage: dotnet run -c Release --project tests/SessionTui.Benchmarks -- [options]
          --variants jit,aot        builds to measure side by side (default: jit, or jit,aot when --binary is given)
          --binary PATH             the Native AOT sessiontui executable (dotnet publish src/SessionTui -c Release -o DIR)
          --dll PATH                the JIT build's sessiontui.dll (default: src/SessionTui/bin/<configuration>/.../sessiontui.dll)
          --sessions 10,50          session counts, one run each
          --start-seconds 15        wall age at which the busy phase starts (alias --warmup-seconds)
          --busy-seconds 20         busy phase: every session prints a line a second (alias --seconds)
          --idle-seconds 16         idle phase: every session quiet
          --settle-seconds 5        from silencing the sessions to the idle phase
          --key-presses 20          keys per wall timed from send-keys to the screen (0: skip)
          --list-runs 20            timed runs of 'list --json' per build (0: skip)
          --list-sessions 10        after which run 'list --json' is timed
          --launch-runs 20          timed runs of 'launch NAME -- agent' per build, launch to agent started (0: skip)
          --launch-only             time only 'launch' (no walls, no 'list --json', no reference poller): a quick check
          --reference-seconds 0     also run the reference poller (capture-pane per session every 500 ms) this long
          --interval MS             passed to the wall
          --wall-env NAME=VALUE     environment of the wall (repeatable)
          --no-metrics aot          builds not asked for their metrics file (for a build whose SIGUSR1 dump fails)
          --no-strace               do not run the walls under strace (spawns per server and database bytes then come
                                    from the wall's metrics and /proc/PID/io)
          --out FILE                also write the report to FILE
          --json FILE               also write the raw results as JSON to FILE
        """;

    /// <summary>The defaults.</summary>
    public static BenchmarkOptions Default { get; } = new(
        [], null, null, [10, 50], TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(16), TimeSpan.FromSeconds(5),
        20, 20, 10, 20, false, TimeSpan.Zero, [], [], true, [], null, null);

    /// <summary>Parses the arguments.</summary>
    /// <exception cref="FormatException">An unknown option, a missing value, a value out of range, or an unknown variant.</exception>
    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--no-strace")
            {
                options = options with { Strace = false };
                continue;
            }

            if (name == "--launch-only")
            {
                options = options with { LaunchOnly = true };
                continue;
            }

            var value = i + 1 < args.Count ? args[++i] : throw new FormatException($"{name} needs a value");
            options = name switch
            {
                "--variants" => options with { Variants = value.Split(',').Select(v => Variant(name, v)).Distinct().ToArray() },
                "--binary" => options with { Binary = Path.GetFullPath(value) },
                "--dll" => options with { Dll = Path.GetFullPath(value) },
                "--sessions" => options with { Sessions = value.Split(',').Select(v => Positive(name, v)).ToArray() },
                "--start-seconds" or "--warmup-seconds" => options with { Start = TimeSpan.FromSeconds(NonNegative(name, value)) },
                "--busy-seconds" or "--seconds" => options with { Busy = Seconds(name, value) },
                "--idle-seconds" => options with { Idle = Seconds(name, value) },
                "--settle-seconds" => options with { Settle = TimeSpan.FromSeconds(NonNegative(name, value)) },
                "--key-presses" => options with { KeyPresses = NonNegative(name, value) },
                "--list-runs" => options with { ListRuns = NonNegative(name, value) },
                "--list-sessions" => options with { ListSessions = Positive(name, value) },
                "--launch-runs" => options with { LaunchRuns = NonNegative(name, value) },
                "--reference-seconds" => options with { Reference = TimeSpan.FromSeconds(NonNegative(name, value)) },
                "--interval" => options with { WallArgs = ["--interval", Positive(name, value).ToString(CultureInfo.InvariantCulture)] },
                "--wall-env" => options with { WallEnvironment = [.. options.WallEnvironment, Variable(name, value)] },
                "--no-metrics" => options with { NoMetrics = value.Split(',').Select(v => Variant(name, v)).Distinct().ToArray() },
                "--out" => options with { Out = value },
                "--json" => options with { Json = value },
                _ => throw new FormatException($"unknown option {name}"),
            };
        }

        if (options.Variants.Count == 0)
        {
            options = options with { Variants = options.Binary is null ? ["jit"] : ["jit", "aot"] };
        }

        if (options.LaunchOnly && options.LaunchRuns == 0)
        {
            throw new FormatException("--launch-only with --launch-runs 0 leaves nothing to run");
        }

        return options.Variants.Contains("aot") && options.Binary is null
            ? throw new FormatException("--variants aot needs --binary PATH (an AOT sessiontui executable)")
            : options;
    }

    private static string Variant(string name, string value) =>
        value is "jit" or "aot" ? value : throw new FormatException($"{name}: '{value}' is not jit or aot");

    private static string Variable(string name, string value) =>
        value.IndexOf('=', StringComparison.Ordinal) > 0 ? value : throw new FormatException($"{name}: '{value}' is not NAME=VALUE");

    private static TimeSpan Seconds(string name, string value) => TimeSpan.FromSeconds(Positive(name, value));

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"{name}: '{value}' is not a positive whole number");

    private static int NonNegative(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"{name}: '{value}' is not a whole number");
}
