using System.Globalization;
using System.Text.Json;
using SessionTui.Core.Runs;

namespace SessionTui.Workcells.Loops;

/// <summary>
/// The loop's part of a run folder (the sessions skill's layout): <c>iterations/NNN/</c> per iteration with
/// <c>prompt.md</c> (what <c>{prompt}</c> holds), <c>context.json</c> (what the prompt was made from), <c>status.json</c>
/// (the <see cref="IterationRecord"/>), <c>output.md</c> (the tail of its output) and <c>handoff.md</c> (the agent's note to
/// the next iteration); and <c>progress.md</c>, one section appended per ended iteration.
/// </summary>
/// <param name="run">The run folder.</param>
public sealed class LoopFolder(RunFolder run)
{
    /// <summary>The run folder.</summary>
    public RunFolder Run { get; } = run;

    /// <summary><c>iterations/</c>.</summary>
    public string IterationsDir => Path.Join(Run.Path, "iterations");

    /// <summary><c>progress.md</c>.</summary>
    public string Progress => Path.Join(Run.Path, "progress.md");

    /// <summary>The folder of iteration <paramref name="number"/>: <c>iterations/007</c>.</summary>
    public string Dir(int number) => Path.Join(IterationsDir, number.ToString("D3", CultureInfo.InvariantCulture));

    /// <summary><c>iterations/NNN/prompt.md</c>.</summary>
    public string Prompt(int number) => Path.Join(Dir(number), "prompt.md");

    /// <summary><c>iterations/NNN/context.json</c>.</summary>
    public string Context(int number) => Path.Join(Dir(number), "context.json");

    /// <summary><c>iterations/NNN/status.json</c>.</summary>
    public string Status(int number) => Path.Join(Dir(number), "status.json");

    /// <summary><c>iterations/NNN/output.md</c>.</summary>
    public string Output(int number) => Path.Join(Dir(number), "output.md");

    /// <summary><c>iterations/NNN/handoff.md</c>.</summary>
    public string Handoff(int number) => Path.Join(Dir(number), "handoff.md");

    /// <summary>Writes an iteration's <c>status.json</c> atomically (its folder is created, 0700).</summary>
    /// <exception cref="IOException">It cannot be written.</exception>
    public void Write(IterationRecord iteration)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        Directory.CreateDirectory(Dir(iteration.Number), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Run.WriteFile(Status(iteration.Number), RunJson.Serialize(iteration) + "\n");
    }

    /// <summary>Every iteration recorded in the folder, by number; unreadable ones are skipped.</summary>
    public IReadOnlyList<IterationRecord> ReadAll()
    {
        if (!Directory.Exists(IterationsDir))
        {
            return [];
        }

        var list = new List<IterationRecord>();
        foreach (var dir in Directory.EnumerateDirectories(IterationsDir))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                continue;
            }

            try
            {
                list.Add(RunJson.DeserializeIteration(File.ReadAllText(Status(n))));
            }
            catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
            {
            }
        }

        return [.. list.OrderBy(i => i.Number)];
    }

    /// <summary>Appends one iteration's section to <c>progress.md</c> (created with a heading first).</summary>
    /// <exception cref="IOException">It cannot be written.</exception>
    public void AppendProgress(string name, IterationRecord iteration, int max)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        var text = File.Exists(Progress) ? "" : $"# Progress of loop {name}\n\nOne section per iteration, written by SessionTui after it ended.\n";
        File.AppendAllText(Progress, text + "\n" + LoopPrompt.ProgressSection(iteration, max));
    }
}
