using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace SessionTui.Tmux;

/// <summary>
/// The one <see cref="IProcessRunner"/> over <see cref="Process"/>: argv through <see cref="ProcessStartInfo.ArgumentList"/>,
/// no shell, the whole process tree killed on timeout or cancellation.
/// </summary>
public sealed class ProcessRunner : IProcessRunner
{
    private const int NoSuchFileOrDirectory = 2;
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <inheritdoc />
    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Timeout <= TimeSpan.Zero && spec.Timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), spec.Timeout, "the timeout must be positive or infinite");
        }

        using var process = Start(spec, redirect: true);
        process.StandardInput.Close();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(spec.Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            var error = await stderr.ConfigureAwait(false);
            return new ProcessResult(process.ExitCode, output, error);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            await Task.WhenAll((Task)stdout, stderr).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException(
                $"{spec.FileName} did not finish within {spec.Timeout.TotalMilliseconds:0} ms and was killed");
        }
    }

    /// <inheritdoc />
    public async Task<int> RunInteractiveAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var process = Start(spec, redirect: false);
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

    private static Process Start(ProcessSpec spec, bool redirect)
    {
        if (spec.WorkingDirectory is not null && !Directory.Exists(spec.WorkingDirectory))
        {
            throw new DirectoryNotFoundException($"working directory {spec.WorkingDirectory} does not exist");
        }

        var process = new Process { StartInfo = StartInfo(spec, redirect) };
        try
        {
            process.Start();
            return process;
        }
        catch (Win32Exception e) when (e.NativeErrorCode == NoSuchFileOrDirectory)
        {
            process.Dispose();
            throw new ExecutableNotFoundException(spec.FileName, e);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    private static ProcessStartInfo StartInfo(ProcessSpec spec, bool redirect)
    {
        var info = new ProcessStartInfo(spec.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = redirect,
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
        };
        if (redirect)
        {
            info.StandardOutputEncoding = Utf8;
            info.StandardErrorEncoding = Utf8;
        }

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
