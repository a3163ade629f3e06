using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace SessionTui.Tmux;

/// <summary>
/// The one <see cref="IProcessRunner"/>: captured runs go through CliWrap (argv, no shell, stdin closed, output buffered, exit code
/// returned rather than validated); interactive runs use <see cref="Process"/> directly with inherited stdio. The whole process tree
/// is killed on timeout or cancellation.
/// </summary>
public sealed class ProcessRunner : IProcessRunner
{
    private const int NoSuchFileOrDirectory = 2;
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <inheritdoc />
    /// <remarks>
    /// CliWrap 3.10.5 <c>ExecuteBufferedAsync</c>: the argv list is escaped by CliWrap into <see cref="ProcessStartInfo.Arguments"/>,
    /// which .NET splits back into the same argv on Unix (no shell is involved); stdin is CliWrap's <c>PipeSource.Null</c> (closed at
    /// once) or <c>PipeSource.FromString</c> of <see cref="ProcessSpec.StandardInput"/>; validation is off. A timeout or a cancellation triggers CliWrap's forceful cancellation, which kills the process tree
    /// (<see cref="Process.Kill(bool)"/> with <c>true</c>) and waits for the process to exit.
    /// </remarks>
    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Timeout <= TimeSpan.Zero && spec.Timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), spec.Timeout, "the timeout must be positive or infinite");
        }

        CheckWorkingDirectory(spec);
        var command = Cli.Wrap(spec.FileName)
            .WithArguments(spec.Arguments)
            .WithEnvironmentVariables(spec.Environment)
            .WithStandardInputPipe(spec.StandardInput is null ? PipeSource.Null : PipeSource.FromString(spec.StandardInput, Utf8))
            .WithValidation(CommandResultValidation.None);
        if (spec.WorkingDirectory is not null)
        {
            command = command.WithWorkingDirectory(spec.WorkingDirectory);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(spec.Timeout);
        try
        {
            var result = await command.ExecuteBufferedAsync(Utf8, Utf8, deadline.Token).ConfigureAwait(false);
            return new ProcessResult(result.ExitCode, result.StandardOutput, result.StandardError);
        }
        catch (Win32Exception e) when (IsNoSuchFile(e))
        {
            throw new ExecutableNotFoundException(spec.FileName, e);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException(
                $"{spec.FileName} did not finish within {spec.Timeout.TotalMilliseconds:0} ms and was killed");
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// This stays on <see cref="Process"/> on purpose: CliWrap always redirects the standard streams, and the only way to hand a
    /// child the terminal through it is its <c>ExecuteAsync(Action&lt;ProcessStartInfo&gt;, ...)</c> escape hatch, documented as coming
    /// "with no warranty". <c>tmux attach-session</c> needs the real tty on stdin, stdout and stderr.
    /// </remarks>
    public async Task<int> RunInteractiveAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        CheckWorkingDirectory(spec);
        using var process = new Process { StartInfo = InheritingStartInfo(spec) };
        try
        {
            process.Start();
        }
        catch (Win32Exception e) when (IsNoSuchFile(e))
        {
            throw new ExecutableNotFoundException(spec.FileName, e);
        }

        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    /// <summary>.NET reports a missing working directory as the same <c>ENOENT</c> as a missing program, so check it first.</summary>
    private static void CheckWorkingDirectory(ProcessSpec spec)
    {
        if (spec.WorkingDirectory is not null && !Directory.Exists(spec.WorkingDirectory))
        {
            throw new DirectoryNotFoundException($"working directory {spec.WorkingDirectory} does not exist");
        }
    }

    /// <summary>Whether the start failed with <c>ENOENT</c>. CliWrap rethrows a start failure as a new <see cref="Win32Exception"/>
    /// around the one from <see cref="Process.Start()"/>, whose own error code is not the start's, so the innermost one decides.</summary>
    private static bool IsNoSuchFile(Win32Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is Win32Exception inner)
        {
            innermost = inner;
        }

        return innermost.NativeErrorCode == NoSuchFileOrDirectory;
    }

    private static ProcessStartInfo InheritingStartInfo(ProcessSpec spec)
    {
        var info = new ProcessStartInfo(spec.FileName) { UseShellExecute = false };
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (spec.WorkingDirectory is not null)
        {
            info.WorkingDirectory = spec.WorkingDirectory;
        }

        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        return info;
    }
}
