using System.Diagnostics;

namespace SessionTui.Benchmarks;

/// <summary>What a finished process left behind.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="StandardOutput">Everything it wrote to stdout.</param>
/// <param name="StandardError">Everything it wrote to stderr.</param>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs programs by argv (never through a shell) with <see cref="Process"/>; the benchmark shares no code with the
/// wall, not even its process runner.</summary>
internal static class Processes
{
    /// <summary>Start information for <paramref name="program"/> with <paramref name="args"/>: stdin, stdout and stderr
    /// redirected; each <paramref name="environment"/> entry set, or removed when its value is null.</summary>
    public static ProcessStartInfo Describe(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return start;
    }

    /// <summary>Runs the program to its end with stdin closed and returns its exit code and output.</summary>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/>; it was killed.</exception>
    /// <exception cref="InvalidOperationException">It could not be started.</exception>
    public static ProcessResult Run(string program, IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var process = Process.Start(Describe(program, args, environment)) ?? throw new InvalidOperationException($"{program} did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', process.StartInfo.ArgumentList)} ran longer than {timeout.TotalSeconds:0} s");
        }

        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>The full path of <paramref name="program"/> on <c>$PATH</c>, or null.</summary>
    public static string? OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Join(dir, program))
            .FirstOrDefault(File.Exists);
}
