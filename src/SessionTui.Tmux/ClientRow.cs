namespace SessionTui.Tmux;

/// <summary>One row of <c>list-clients -F</c> with <see cref="Variables"/> (tmux(1) FORMATS).</summary>
/// <param name="SessionId">The client's session (<c>#{session_id}</c> in a client's context), null while it has none.</param>
/// <param name="ControlMode"><c>#{client_control_mode}</c>: a <c>tmux -C</c> client, not a person at a terminal.</param>
public sealed record ClientRow(string? SessionId, bool ControlMode)
{
    /// <summary>The format variables, in field order.</summary>
    public static IReadOnlyList<string> Variables { get; } = ["session_id", "client_control_mode"];

    /// <summary>The <c>-F</c> format for these rows with a per-call nonce.</summary>
    /// <param name="nonce">See <see cref="TmuxRecordFormat.NewNonce"/>.</param>
    public static TmuxRecordFormat Format(string nonce) => new(Variables, nonce);

    /// <summary>Parses the output of <c>list-clients</c> run with <see cref="Format"/>.</summary>
    /// <param name="output">The command's stdout, verbatim.</param>
    /// <param name="nonce">The nonce the format was made with.</param>
    /// <returns>The rows in tmux's order.</returns>
    /// <exception cref="FormatException">The output does not match the format.</exception>
    public static IReadOnlyList<ClientRow> Parse(string output, string nonce) =>
        Format(nonce).Parse(output).Select(FromFields).ToArray();

    private static ClientRow FromFields(string[] f) => new(
        SessionId: f[0].Length == 0 ? null : TmuxFields.Id(f, 0, "session_id", '$'),
        ControlMode: TmuxFields.Flag(f, 1, "client_control_mode"));
}
