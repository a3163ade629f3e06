using System.Diagnostics;
using System.Runtime.InteropServices;
using SessionTui.Benchmarks;

// Measures the real wall (dotnet sessiontui.dll in a tmux pane) over N busy then idle sessions and prints a Markdown table.
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(BenchmarkOptions.Usage);
    return 0;
}

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

if (!File.Exists(DotnetHost.AppDll))
{
    Console.Error.WriteLine($"sessiontui.dll not found beside the benchmark ({DotnetHost.AppDll}); build the benchmark project");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
{
    ctx.Cancel = true;
    stop.Cancel();
});

var clock = Stopwatch.StartNew();
void Log(string line) => Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0} s] {line}");

try
{
    var machine = await Machine.DescribeAsync();
    var runs = new List<WallRunResult>();
    foreach (var sessions in options.Sessions)
    {
        runs.Add(await WallRun.RunAsync(sessions, options, Log, stop.Token));
    }

    var reference = options.Reference > TimeSpan.Zero
        ? await WallRun.ReferenceAsync(options.Sessions.Max(), options.Reference, Log, stop.Token)
        : null;
    Log("done");
    Console.WriteLine(MarkdownReport.Format(runs, reference, options, machine));
    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("interrupted; servers stopped and temp directories removed");
    return 130;
}
