using System.Diagnostics;

namespace SessionTui.IntegrationTests.Support;

/// <summary>
/// A background <c>tmux -C</c> client with its stdin held open (closing stdin detaches it) and its output drained. Started with
/// <see cref="Process"/> directly: <see cref="SessionTui.Tmux.IProcessRunner"/> only runs processes to completion.
/// </summary>
public sealed class TmuxControlClient : IDisposable
{
    private readonly Process _process;

    /// <summary>Starts <c>tmux args...</c> with TMUX unset.</summary>
    /// <param name="tmuxPath">The tmux program.</param>
    /// <param name="args">Global arguments, <c>-C</c> and the attach command.</param>
    public TmuxControlClient(string tmuxPath, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(tmuxPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("TMUX");
        info.Environment.Remove("TMUX_PANE");
        _process = Process.Start(info) ?? throw new InvalidOperationException("tmux -C did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Whether the client process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Closes stdin (tmux detaches the client) and waits up to 5 s, then kills it.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }
}
