using SessionTui.Tmux;

namespace SessionTui.Tests.Tmux;

/// <summary>A stand-in at the process boundary: records each spec and answers with a canned result built from it.</summary>
internal sealed class FakeProcessRunner(Func<ProcessSpec, ProcessResult> answer) : IProcessRunner
{
    public List<ProcessSpec> Specs { get; } = [];

    /// <summary>The markers the transport put before each command (the argument after <c>display-message -p</c>).</summary>
    public static IReadOnlyList<string> Markers(ProcessSpec spec) =>
        spec.Arguments
            .Select((argument, i) => (argument, i))
            .Where(a => a.i >= 2 && spec.Arguments[a.i - 2] == "display-message" && spec.Arguments[a.i - 1] == "-p")
            .Select(a => a.argument)
            .ToArray();

    public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        Specs.Add(spec);
        return Task.FromResult(answer(spec));
    }

    public Task<int> RunInteractiveAsync(ProcessSpec spec, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the transport never runs tmux interactively");
}
