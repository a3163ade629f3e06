using SessionTui.Tmux;
using Xunit.Sdk;

namespace SessionTui.Tests.Support;

/// <summary>
/// An <see cref="IProcessRunner"/> that checks every run against expectations registered in order, in the style of lazygit's
/// <c>pkg/commands/oscommands/fake_cmd_obj_runner.go</c>. Each expectation matches the program and argv (see <see cref="Arg"/>) and
/// says what the run returns or throws. A run that is not the next expected one fails the test at once, with the run and the
/// expectation in the message; the failure is also remembered, so code that catches it cannot hide it from
/// <see cref="VerifyAllConsumed"/>. <see cref="Dispose"/> verifies: own the runner in the test class and dispose it there.
/// </summary>
internal sealed class VerifyingProcessRunner : IProcessRunner, IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Expectation> _expected = [];
    private readonly List<ProcessSpec> _calls = [];
    private readonly List<string> _failures = [];

    /// <summary>Every captured run so far, in order, expected or not.</summary>
    public IReadOnlyList<ProcessSpec> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Expects the next run to be <paramref name="program"/> with <paramref name="argv"/>; answers from the spec.</summary>
    public VerifyingProcessRunner Expect(string program, IReadOnlyList<Arg> argv, Func<ProcessSpec, ProcessResult> answer)
    {
        lock (_gate)
        {
            _expected.Add(new Expectation(program, argv, answer));
        }

        return this;
    }

    /// <summary>Expects the next run to be <paramref name="program"/> with <paramref name="argv"/> and returns <paramref name="result"/>.</summary>
    public VerifyingProcessRunner Expect(string program, IReadOnlyList<Arg> argv, ProcessResult result) =>
        Expect(program, argv, _ => result);

    /// <summary>Expects the next run to be <paramref name="program"/> with <paramref name="argv"/> and makes it throw
    /// <paramref name="exception"/> (as the real runner does for a missing program, a timeout or a cancellation).</summary>
    public VerifyingProcessRunner ExpectThrows(string program, IReadOnlyList<Arg> argv, Exception exception) =>
        Expect(program, argv, _ => throw exception);

    /// <inheritdoc />
    public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Expectation expected;
        lock (_gate)
        {
            _calls.Add(spec);
            var index = _calls.Count - 1;
            if (index >= _expected.Count)
            {
                throw Fail($"unexpected run {index + 1}: {Describe(spec)}; only {_expected.Count} run(s) were expected");
            }

            expected = _expected[index];
            if (!expected.Matches(spec))
            {
                throw Fail($"run {index + 1} was {Describe(spec)}\n  but expected {expected}");
            }
        }

        try
        {
            return Task.FromResult(expected.Answer(spec));
        }
        catch (Exception e)
        {
            return Task.FromException<ProcessResult>(e);
        }
    }

    /// <inheritdoc />
    public Task<int> RunInteractiveAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        lock (_gate)
        {
            throw Fail($"unexpected interactive run: {Describe(spec)}");
        }
    }

    /// <summary>Fails when a run did not match, or when an expected run never came.</summary>
    /// <exception cref="XunitException">Some expectation was broken or never consumed.</exception>
    public void VerifyAllConsumed()
    {
        lock (_gate)
        {
            var missing = _expected.Skip(_calls.Count).Select((e, i) => $"expected run {_calls.Count + i + 1} never came: {e}");
            var problems = _failures.Concat(missing).ToArray();
            if (problems.Length > 0)
            {
                throw new XunitException(string.Join("\n", problems));
            }
        }
    }

    /// <summary>Verifies (<see cref="VerifyAllConsumed"/>).</summary>
    public void Dispose() => VerifyAllConsumed();

    private static string Describe(ProcessSpec spec) => "\"" + spec.FileName + "\" " + Arg.Describe(spec.Arguments);

    /// <summary>Records a failure; the caller holds the lock.</summary>
    private XunitException Fail(string message)
    {
        _failures.Add(message);
        return new XunitException(message);
    }

    private sealed record Expectation(string Program, IReadOnlyList<Arg> Argv, Func<ProcessSpec, ProcessResult> Answer)
    {
        public bool Matches(ProcessSpec spec) =>
            string.Equals(spec.FileName, Program, StringComparison.Ordinal) && Arg.AllMatch(Argv, spec.Arguments);

        public override string ToString() => "\"" + Program + "\" " + Arg.Describe(Argv);
    }
}
