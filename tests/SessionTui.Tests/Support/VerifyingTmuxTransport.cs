using SessionTui.Core;
using SessionTui.Tmux;
using Xunit.Sdk;

namespace SessionTui.Tests.Support;

/// <summary>
/// An <see cref="ITmuxTransport"/> that checks every batch against expectations registered in order, in the style of
/// <see cref="VerifyingProcessRunner"/>: each expectation names the server and each command's args (see <see cref="Arg"/>) and
/// gives the results (built from the actual commands, so per-call nonces can be echoed) or an exception. A batch that is not the
/// next expected one fails the test at once and is remembered; <see cref="Dispose"/> fails when an expectation was broken or
/// never consumed.
/// </summary>
internal sealed class VerifyingTmuxTransport : ITmuxTransport, IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Expectation> _expected = [];
    private readonly List<(ServerRef Server, IReadOnlyList<TmuxCommand> Commands)> _calls = [];
    private readonly List<string> _failures = [];

    /// <summary>Every batch so far, in order, expected or not.</summary>
    public IReadOnlyList<IReadOnlyList<TmuxCommand>> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls.Select(c => c.Commands)];
            }
        }
    }

    /// <summary>Expects the next batch to go to <paramref name="server"/> with these commands; <paramref name="answer"/> gets the
    /// actual commands and returns one result per command.</summary>
    public VerifyingTmuxTransport Expect(
        ServerRef server,
        IReadOnlyList<IReadOnlyList<Arg>> commands,
        Func<IReadOnlyList<TmuxCommand>, IReadOnlyList<TmuxCommandResult>> answer)
    {
        lock (_gate)
        {
            _expected.Add(new Expectation(server, commands, answer));
        }

        return this;
    }

    /// <summary>Expects the next batch and returns <paramref name="results"/>.</summary>
    public VerifyingTmuxTransport Expect(ServerRef server, IReadOnlyList<IReadOnlyList<Arg>> commands, IReadOnlyList<TmuxCommandResult> results) =>
        Expect(server, commands, _ => results);

    /// <summary>Expects the next batch and makes it throw <paramref name="exception"/>.</summary>
    public VerifyingTmuxTransport ExpectThrows(ServerRef server, IReadOnlyList<IReadOnlyList<Arg>> commands, Exception exception) =>
        Expect(server, commands, _ => throw exception);

    /// <inheritdoc />
    public Task<IReadOnlyList<TmuxCommandResult>> ExecuteAsync(
        ServerRef server,
        IReadOnlyList<TmuxCommand> commands,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(commands);
        Expectation expected;
        lock (_gate)
        {
            _calls.Add((server, commands));
            var index = _calls.Count - 1;
            if (index >= _expected.Count)
            {
                throw Fail($"unexpected batch {index + 1} to {server.Label}:\n{Describe(commands)}\n  only {_expected.Count} batch(es) were expected");
            }

            expected = _expected[index];
            if (!expected.Matches(server, commands))
            {
                throw Fail($"batch {index + 1} went to {server.Label}:\n{Describe(commands)}\n  but expected {expected}");
            }
        }

        try
        {
            var results = expected.Answer(commands);
            if (results.Count != commands.Count)
            {
                lock (_gate)
                {
                    throw Fail($"the canned answer has {results.Count} results for {commands.Count} commands");
                }
            }

            return Task.FromResult(results);
        }
        catch (Exception e)
        {
            return Task.FromException<IReadOnlyList<TmuxCommandResult>>(e);
        }
    }

    /// <summary>Fails when a batch did not match, or when an expected batch never came.</summary>
    /// <exception cref="XunitException">Some expectation was broken or never consumed.</exception>
    public void VerifyAllConsumed()
    {
        lock (_gate)
        {
            var missing = _expected.Skip(_calls.Count).Select((e, i) => $"expected batch {_calls.Count + i + 1} never came: {e}");
            var problems = _failures.Concat(missing).ToArray();
            if (problems.Length > 0)
            {
                throw new XunitException(string.Join("\n", problems));
            }
        }
    }

    /// <summary>Verifies (<see cref="VerifyAllConsumed"/>).</summary>
    public void Dispose() => VerifyAllConsumed();

    private static string Describe(IReadOnlyList<TmuxCommand> commands) =>
        string.Join("\n", commands.Select(c => "    " + Arg.Describe(c.Args)));

    /// <summary>Records a failure; the caller holds the lock.</summary>
    private XunitException Fail(string message)
    {
        _failures.Add(message);
        return new XunitException(message);
    }

    private sealed record Expectation(
        ServerRef Server,
        IReadOnlyList<IReadOnlyList<Arg>> Commands,
        Func<IReadOnlyList<TmuxCommand>, IReadOnlyList<TmuxCommandResult>> Answer)
    {
        public bool Matches(ServerRef server, IReadOnlyList<TmuxCommand> commands) =>
            Server.Equals(server)
            && Commands.Count == commands.Count
            && Commands.Zip(commands).All(p => Arg.AllMatch(p.First, p.Second.Args));

        public override string ToString() =>
            $"to {Server.Label}:\n" + string.Join("\n", Commands.Select(c => "    " + Arg.Describe(c)));
    }
}
