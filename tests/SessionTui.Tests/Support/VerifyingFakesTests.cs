using SessionTui.Core;
using SessionTui.Tmux;
using Xunit.Sdk;

namespace SessionTui.Tests.Support;

public sealed class VerifyingFakesTests
{
    private static readonly ServerRef Server = TmuxServers.FromSocketPath("/tmp/stui-fakes/sock");

    [Fact]
    public async Task A_run_that_differs_from_the_next_expectation_fails_at_once_showing_both()
    {
        // Given a runner expecting tmux -V
        var runner = new VerifyingProcessRunner().Expect("tmux", ["-V"], new ProcessResult(0, "tmux 3.3a\n", ""));

        // When something else runs
        var error = await Assert.ThrowsAsync<XunitException>(() => runner.RunAsync(new ProcessSpec("tmux", ["kill-server"])));

        // Then the failure shows the run and the expectation, and verification still fails afterwards
        Assert.Equal("run 1 was \"tmux\" [\"kill-server\"]\n  but expected \"tmux\" [\"-V\"]", error.Message);
        Assert.Throws<XunitException>(runner.VerifyAllConsumed);
    }

    [Fact]
    public async Task A_run_beyond_the_expectations_fails()
    {
        var runner = new VerifyingProcessRunner();

        var error = await Assert.ThrowsAsync<XunitException>(() => runner.RunAsync(new ProcessSpec("tmux", ["a\tb"])));

        Assert.Equal("unexpected run 1: \"tmux\" [\"a\\u0009b\"]; only 0 run(s) were expected", error.Message);
    }

    [Fact]
    public void An_expected_run_that_never_came_fails_verification()
    {
        var runner = new VerifyingProcessRunner().Expect("tmux", ["-V", Arg.Matching("[0-9]+")], new ProcessResult(0, "", ""));

        var error = Assert.Throws<XunitException>(runner.Dispose);

        Assert.Equal("expected run 1 never came: \"tmux\" [\"-V\", /[0-9]+/]", error.Message);
    }

    [Fact]
    public async Task A_failure_swallowed_by_the_code_under_test_still_fails_verification()
    {
        var runner = new VerifyingProcessRunner();
        try
        {
            await runner.RunInteractiveAsync(new ProcessSpec("tmux", ["attach-session"]));
        }
        catch (XunitException)
        {
        }

        var error = Assert.Throws<XunitException>(runner.VerifyAllConsumed);
        Assert.Equal("unexpected interactive run: \"tmux\" [\"attach-session\"]", error.Message);
    }

    [Fact]
    public async Task Expected_runs_consumed_in_order_verify_cleanly_and_answer_or_throw_as_told()
    {
        using var runner = new VerifyingProcessRunner()
            .Expect("tmux", ["-V"], new ProcessResult(0, "tmux 3.3a\n", ""))
            .ExpectThrows("tmux", ["-V"], new TimeoutException("late"));

        Assert.Equal("tmux 3.3a\n", (await runner.RunAsync(new ProcessSpec("tmux", ["-V"]))).StandardOutput);
        await Assert.ThrowsAsync<TimeoutException>(() => runner.RunAsync(new ProcessSpec("tmux", ["-V"])));
    }

    [Fact]
    public async Task A_batch_to_the_wrong_server_fails_showing_the_batch_and_the_expectation()
    {
        var transport = new VerifyingTmuxTransport().Expect(Server, [["kill-server"]], [new TmuxCommandResult(TmuxCommandStatus.Ok, "", null)]);
        var other = TmuxServers.FromSocketPath("/tmp/stui-fakes/other");

        var error = await Assert.ThrowsAsync<XunitException>(() => transport.ExecuteAsync(other, [new(["kill-server"])]));

        Assert.Equal(
            "batch 1 went to /tmp/stui-fakes/other:\n    [\"kill-server\"]\n  but expected to /tmp/stui-fakes/sock:\n    [\"kill-server\"]",
            error.Message);
    }

    [Fact]
    public void An_expected_batch_that_never_came_fails_verification()
    {
        var transport = new VerifyingTmuxTransport().Expect(Server, [["kill-server"]], [new TmuxCommandResult(TmuxCommandStatus.Ok, "", null)]);

        var error = Assert.Throws<XunitException>(transport.Dispose);

        Assert.Equal("expected batch 1 never came: to /tmp/stui-fakes/sock:\n    [\"kill-server\"]", error.Message);
    }

    [Fact]
    public async Task A_canned_answer_of_the_wrong_length_fails()
    {
        var transport = new VerifyingTmuxTransport().Expect(Server, [["kill-server"]], []);

        await Assert.ThrowsAsync<XunitException>(() => transport.ExecuteAsync(Server, [new(["kill-server"])]));

        Assert.Throws<XunitException>(transport.VerifyAllConsumed);
    }
}
