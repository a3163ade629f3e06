using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using SessionTui.Benchmarks;

// Measures the built wall (JIT and/or Native AOT) from outside, in tmux panes, over N busy then idle sessions, and prints a
// Markdown report. It shares no code with the wall: it starts it, signals it and reads its metrics file like any program.
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(BenchmarkOptions.Usage);
    return 0;
}

BenchmarkOptions options;
List<WallVariant> variants = [];
try
{
    options = BenchmarkOptions.Parse(args);
    foreach (var name in options.Variants)
    {
        variants.Add(name == "jit" ? WallVariant.Jit(JitDll(options)) : WallVariant.Aot(AotBinary(options)));
    }
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

var strace = options.Strace && !options.LaunchOnly ? Processes.OnPath("strace") : null;
if (options.Strace && !options.LaunchOnly && strace is null)
{
    Console.Error.WriteLine("strace is not on PATH: running without it (apt-get install strace for spawns per server and exact database bytes)");
    options = options with { Strace = false };
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (stop.IsCancellationRequested)
    {
        Console.Error.WriteLine("second interrupt: killing the benchmark's tmux servers and exiting now");
        TmuxFixture.KillAll();
        LaunchTiming.KillAll();
        return;
    }

    e.Cancel = true;
    stop.Cancel();
};
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
using var onHup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Interrupt);

var clock = Stopwatch.StartNew();
void Log(string line) => Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0} s] {line}");

try
{
    var result = await Benchmark.RunAsync(options, variants, strace, Log, stop.Token);
    Log("done");
    var report = MarkdownReport.Format(result);
    Console.WriteLine(report);
    if (options.Out is { } outPath)
    {
        File.WriteAllText(outPath, report);
    }

    if (options.Json is { } jsonPath)
    {
        File.WriteAllText(jsonPath, JsonSerializer.Serialize(result, new JsonSerializerOptions
        {
            WriteIndented = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        }));
    }

    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("interrupted; walls stopped, servers killed, temp directories removed");
    return 130;
}
catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException or FormatException or System.ComponentModel.Win32Exception)
{
    Console.Error.WriteLine($"benchmark failed: {e.Message}");
    Console.Error.WriteLine("walls stopped, servers killed, temp directories removed");
    return 1;
}

void Interrupt(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

static string JitDll(BenchmarkOptions options)
{
    var dll = options.Dll ?? DotnetHost.FindAppDll();
    return dll is not null && File.Exists(dll)
        ? dll
        : throw new FormatException(
            $"the JIT build's sessiontui.dll was not found ({dll ?? $"src/SessionTui/bin/{DotnetHost.Configuration}/"}); " +
            $"build it (dotnet build src/SessionTui -c {DotnetHost.Configuration}) or pass --dll PATH");
}

static string AotBinary(BenchmarkOptions options) =>
    options.Binary is { } binary && File.Exists(binary)
        ? binary
        : throw new FormatException($"--binary {options.Binary}: no such file");
