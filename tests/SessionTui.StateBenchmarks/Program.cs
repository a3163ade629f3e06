using BenchmarkDotNet.Running;
using SessionTui.StateBenchmarks;

// The agent-state classification benchmark (issue 8: 50 panes under 1 ms per tick). Run in Release:
//   dotnet run -c Release --project tests/SessionTui.StateBenchmarks
// It also prints how many screens each tick reads (the cache) before BenchmarkDotNet's table.
Console.WriteLine(ClassifyTicks.Counts());
if (args is ["--quick"])
{
    // A quick look without BenchmarkDotNet: mean over 200 rounds of each case, after 50 rounds of warm-up.
    Console.WriteLine(ClassifyTicks.Quick());
    return;
}

BenchmarkRunner.Run<ClassifyTicks>(args: args);
