using System.Globalization;

namespace SessionTui.Benchmarks;

/// <summary>The command line: <c>[--sessions 10,50] [--seconds 20] [--idle-seconds 15] [--warmup-seconds 8] [--settle-seconds 5]
/// [--reference-seconds 10] [--interval MS] [--wall-env NAME=VALUE]...</c>.</summary>
/// <param name="Sessions">Session counts to measure, one run each.</param>
/// <param name="Busy">Length of the busy phase.</param>
/// <param name="Idle">Length of the idle phase.</param>
/// <param name="Warmup">From starting the wall to the busy phase.</param>
/// <param name="Settle">From silencing the sessions to the idle phase.</param>
/// <param name="Reference">Length of the reference poller run (zero: skip it).</param>
/// <param name="WallArgs">Extra arguments for the wall (<c>--interval MS</c>).</param>
/// <param name="WallEnvironment">Extra environment for the wall, <c>NAME=VALUE</c> each (e.g. runtime knobs such as
/// <c>DOTNET_TieredCompilation=0</c>, to find where its CPU goes).</param>
internal sealed record BenchmarkOptions(
    IReadOnlyList<int> Sessions,
    TimeSpan Busy,
    TimeSpan Idle,
    TimeSpan Warmup,
    TimeSpan Settle,
    TimeSpan Reference,
    IReadOnlyList<string> WallArgs,
    IReadOnlyList<string> WallEnvironment)
{
    /// <summary>The usage text.</summary>
    public const string Usage =
        "usage: dotnet run -c Release --project tests/SessionTui.Benchmarks -- [--sessions 10,50] [--seconds 20] [--idle-seconds 15]\n" +
        "       [--warmup-seconds 8] [--settle-seconds 5] [--reference-seconds 10 (0: skip)] [--interval MS (passed to the wall)]\n" +
        "       [--wall-env NAME=VALUE (repeatable: environment of the wall)]";

    /// <summary>The defaults.</summary>
    public static BenchmarkOptions Default { get; } = new(
        [10, 50], TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), [], []);

    /// <summary>Parses the arguments.</summary>
    /// <exception cref="FormatException">An unknown option, a missing value, or a value that is not a positive number.</exception>
    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new FormatException($"{name} needs a value");
            options = name switch
            {
                "--sessions" => options with { Sessions = value.Split(',').Select(v => Positive(name, v)).ToArray() },
                "--seconds" => options with { Busy = Seconds(name, value) },
                "--idle-seconds" => options with { Idle = Seconds(name, value) },
                "--warmup-seconds" => options with { Warmup = Seconds(name, value) },
                "--settle-seconds" => options with { Settle = Seconds(name, value) },
                "--reference-seconds" => options with { Reference = TimeSpan.FromSeconds(NonNegative(name, value)) },
                "--interval" => options with { WallArgs = ["--interval", Positive(name, value).ToString(CultureInfo.InvariantCulture)] },
                "--wall-env" => options with { WallEnvironment = [.. options.WallEnvironment, Variable(name, value)] },
                _ => throw new FormatException($"unknown option {name}"),
            };
        }

        return options;
    }

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
