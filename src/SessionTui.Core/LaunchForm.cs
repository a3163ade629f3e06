using System.Collections.Immutable;
using System.Text;

namespace SessionTui.Core;

/// <summary>A field of the launch form, in form order.</summary>
public enum LaunchField
{
    /// <summary>The session name.</summary>
    Name,

    /// <summary>The agent's working directory.</summary>
    Directory,

    /// <summary>An agent preset's name (empty: the configured default).</summary>
    Agent,

    /// <summary>A command line instead of a preset, split into argv (see <see cref="Argv.Split"/>).</summary>
    Command,

    /// <summary>The task text.</summary>
    Task,

    /// <summary>A markdown file whose content is the task, instead of the task text.</summary>
    Brief,

    /// <summary>A shell command line run in the directory after the agent exits.</summary>
    Verify,
}

/// <summary>What the wall knows of the workcells it launches into (from the composition root).</summary>
/// <param name="Server">The stable workcell server launches go to.</param>
/// <param name="Agents">The agent presets' names, sorted.</param>
/// <param name="DefaultAgent">The preset used when the agent field is empty.</param>
public sealed record WorkcellInfo(ServerRef Server, ImmutableArray<string> Agents, string DefaultAgent)
{
    /// <summary>The directory the launch form offers when the selected card has none (the wall's working directory).</summary>
    public string StartDirectory { get; init; } = "";
}

/// <summary>The launch form (<see cref="WallMode.Launch"/>): the text of every field, and the last problem.</summary>
/// <param name="Fields">Text of each field; a missing field is empty.</param>
public sealed record LaunchForm(ImmutableDictionary<LaunchField, string> Fields)
{
    /// <summary>Why the last submit did not launch (one line), or null.</summary>
    public string? Error { get; init; }

    /// <summary>The field <see cref="Error"/> is about, or null for a problem of the whole launch.</summary>
    public LaunchField? ErrorField { get; init; }

    /// <summary>Whether a launch is under way (submit does nothing until it ends).</summary>
    public bool Busy { get; init; }

    /// <summary>The field with the keyboard.</summary>
    public LaunchField Focus { get; init; }

    /// <summary>A new form with the directory filled in.</summary>
    public static LaunchForm New(string directory) =>
        new(ImmutableDictionary<LaunchField, string>.Empty.Add(LaunchField.Directory, directory));

    /// <summary>The text of <paramref name="field"/>.</summary>
    public string this[LaunchField field] => Fields.TryGetValue(field, out var text) ? text : "";

    /// <summary>Equal when every field, the error and the busy flag are equal.</summary>
    public bool Equals(LaunchForm? other) =>
        other is not null && Error == other.Error && ErrorField == other.ErrorField && Busy == other.Busy && Focus == other.Focus
        && Enum.GetValues<LaunchField>().All(f => this[f] == other[f]);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Error, Busy, this[LaunchField.Name]);

    /// <summary>The form with <paramref name="field"/> set to <paramref name="text"/>.</summary>
    public LaunchForm With(LaunchField field, string text) => this with { Fields = Fields.SetItem(field, text) };

    /// <summary>The form with a problem shown (and no launch under way).</summary>
    public LaunchForm Failed(LaunchField? field, string error) => this with { Error = error, ErrorField = field, Busy = false, Focus = field ?? Focus };

    /// <summary>The form with the focus <paramref name="delta"/> fields on, wrapping around.</summary>
    public LaunchForm Moved(int delta)
    {
        var count = Enum.GetValues<LaunchField>().Length;
        return this with { Focus = (LaunchField)((((int)Focus + delta) % count + count) % count) };
    }
}

/// <summary>A launch the form asked for, checked as far as can be done without I/O.</summary>
/// <param name="Name">Session name, verbatim.</param>
/// <param name="Directory">Working directory as typed (the runner expands <c>~</c> and makes it absolute).</param>
/// <param name="Command">argv from the command field; empty for a preset.</param>
/// <param name="Agent">A preset's name, or null for the default.</param>
/// <param name="Task">The task text, or null with <paramref name="BriefFile"/>.</param>
/// <param name="BriefFile">A brief file path as typed (relative to <paramref name="Directory"/>), or null.</param>
/// <param name="Verify">The verify command line, or null.</param>
/// <param name="Server">The server to launch on.</param>
public sealed record LaunchSpec(string Name, string Directory, ImmutableArray<string> Command, string? Agent, string? Task, string? BriefFile, string? Verify, ServerRef Server)
{
    /// <summary>Equal when every field is equal (argv element by element).</summary>
    public bool Equals(LaunchSpec? other) =>
        other is not null && Name == other.Name && Directory == other.Directory && Command.SequenceEqual(other.Command)
        && Agent == other.Agent && Task == other.Task && BriefFile == other.BriefFile && Verify == other.Verify && Server.Equals(other.Server);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Directory, Command.Length, Agent, Task, BriefFile, Verify);
}

/// <summary>Splits a command line into argv the way a person types one, without a shell: words split at whitespace,
/// <c>'…'</c> keeps everything literally, <c>"…"</c> keeps everything but <c>\"</c> and <c>\\</c>, and outside quotes a
/// backslash keeps the next character. No variables, globs or substitutions: <c>$HOME</c> stays <c>$HOME</c>.</summary>
public static class Argv
{
    /// <summary>The words of <paramref name="line"/>, or an error for an unclosed quote or a trailing backslash.</summary>
    public static (ImmutableArray<string> Words, string? Error) Split(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var words = ImmutableArray.CreateBuilder<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            switch (c)
            {
                case '\'':
                    var close = line.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        return ([], "the command has an unclosed ' quote");
                    }

                    word.Append(line, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    i++;
                    while (i < line.Length && line[i] != '"')
                    {
                        if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\')
                        {
                            i++;
                        }

                        word.Append(line[i]);
                        i++;
                    }

                    if (i >= line.Length)
                    {
                        return ([], "the command has an unclosed \" quote");
                    }

                    break;
                case '\\':
                    if (i + 1 >= line.Length)
                    {
                        return ([], "the command ends with a lone backslash");
                    }

                    word.Append(line[++i]);
                    break;
                default:
                    word.Append(c);
                    break;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return (words.ToImmutable(), null);
    }
}
