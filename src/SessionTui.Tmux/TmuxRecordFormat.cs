using System.Security.Cryptography;

namespace SessionTui.Tmux;

/// <summary>
/// A <c>-F</c> format (tmux(1) FORMATS) for a list of variables whose output splits back into rows and fields whatever the
/// fields hold. tmux escapes control characters in session and window names, but not in <c>pane_current_path</c> or
/// <c>pane_current_command</c> (verified on tmux 3.3a: tabs, U+001F and newlines come out raw), so no fixed separator is safe.
/// Each row therefore starts with U+001E (record separator) + nonce and fields are separated by U+001F (unit separator) + nonce, with a random nonce per call:
/// a field would have to contain the nonce to break the split.
/// </summary>
public sealed class TmuxRecordFormat
{
    private readonly string _rowStart;
    private readonly string _fieldSeparator;

    /// <summary>Creates the format.</summary>
    /// <param name="variables">Format variable names without <c>#{}</c>, e.g. <c>session_id</c>; at least one.</param>
    /// <param name="nonce">The per-call nonce: letters and digits only, at least 4 (see <see cref="NewNonce"/>).</param>
    /// <exception cref="ArgumentException">No variables, or a nonce that is too short or not alphanumeric.</exception>
    public TmuxRecordFormat(IReadOnlyList<string> variables, string nonce)
    {
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(nonce);
        if (variables.Count == 0)
        {
            throw new ArgumentException("a format needs at least one variable", nameof(variables));
        }

        if (nonce.Length < 4 || !nonce.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"the nonce must be at least 4 ASCII letters or digits: '{nonce}'", nameof(nonce));
        }

        Variables = variables;
        _rowStart = "\u001e" + nonce;
        _fieldSeparator = "\u001f" + nonce;
        Text = _rowStart + string.Join(_fieldSeparator, variables.Select(v => "#{" + v + "}"));
    }

    /// <summary>The variables, in field order.</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>The value to pass to <c>-F</c>.</summary>
    public string Text { get; }

    /// <summary>A fresh random nonce (12 lowercase hex digits).</summary>
    public static string NewNonce() => RandomNumberGenerator.GetHexString(12, lowercase: true);

    /// <summary>Splits what a list command printed with <see cref="Text"/> into rows of fields.</summary>
    /// <param name="output">The command's stdout: each row is <see cref="Text"/> expanded, followed by <c>\n</c>.</param>
    /// <returns>One array per row, one string per variable, verbatim.</returns>
    /// <exception cref="FormatException">The output is not rows of this format (wrong start, field count or row end).</exception>
    public IReadOnlyList<string[]> Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.Length == 0)
        {
            return [];
        }

        if (!output.StartsWith(_rowStart, StringComparison.Ordinal))
        {
            throw new FormatException($"tmux output does not start with a row of this format: '{Preview(output)}'");
        }

        var rows = output[_rowStart.Length..].Split(_rowStart);
        var parsed = new string[rows.Length][];
        for (var i = 0; i < rows.Length; i++)
        {
            if (!rows[i].EndsWith('\n'))
            {
                throw new FormatException($"tmux row {i} does not end with a newline: '{Preview(rows[i])}'");
            }

            var row = rows[i][..^1];
            var fields = row.Split(_fieldSeparator);
            if (fields.Length != Variables.Count)
            {
                throw new FormatException(
                    $"tmux row {i} has {fields.Length} fields, expected {Variables.Count}: '{Preview(row)}'");
            }

            parsed[i] = fields;
        }

        return parsed;
    }

    private static string Preview(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
