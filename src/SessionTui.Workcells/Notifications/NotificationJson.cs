using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SessionTui.Workcells.Notifications;

/// <summary>
/// The JSON a webhook posts and a command reads on stdin, written with <see cref="Utf8JsonWriter"/> (no reflection). The event
/// object (preset <c>json</c>):
/// <code>
/// {"kind":"needs-input","session":"claude-refactor","sessionId":"$3","server":"default","state":"waiting",
///  "reason":"claude.waiting.permission","title":"claude-refactor needs input","body":"Do you want to proceed?",
///  "at":"2026-11-28T16:00:00Z","attached":false,"resetsAt":null,"runId":null,"exitStatus":null}
/// </code>
/// Every key is always present; <c>resetsAt</c>, <c>runId</c> and <c>exitStatus</c> are null when unknown. Times are UTC ISO 8601
/// with a <c>Z</c>, to the second. Text values pass through <see cref="NotificationText.Clean"/> (no escape or control
/// character reaches the receiver) but are not cut.
/// </summary>
public static class NotificationJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The event object as UTF-8 JSON (see <see cref="NotificationJson"/>).</summary>
    public static byte[] Event(NotificationEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("kind", NotificationKinds.Text(e.Kind));
            w.WriteString("session", NotificationText.Clean(e.Session));
            w.WriteString("sessionId", NotificationText.Clean(e.SessionId));
            w.WriteString("server", NotificationText.Clean(e.Server));
            w.WriteString("state", NotificationText.Clean(e.State));
            w.WriteString("reason", NotificationText.Clean(e.Reason));
            w.WriteString("title", NotificationText.Clean(e.Title));
            w.WriteString("body", NotificationText.Clean(e.Body));
            w.WriteString("at", Time(e.At));
            w.WriteBoolean("attached", e.Attached);
            if (e.ResetsAt is { } resets)
            {
                w.WriteString("resetsAt", Time(resets));
            }
            else
            {
                w.WriteNull("resetsAt");
            }

            if (e.RunId is { } runId)
            {
                w.WriteString("runId", NotificationText.Clean(runId));
            }
            else
            {
                w.WriteNull("runId");
            }

            if (e.ExitStatus is { } status)
            {
                w.WriteNumber("exitStatus", status);
            }
            else
            {
                w.WriteNull("exitStatus");
            }

            w.WriteEndObject();
        });
    }

    /// <summary>A webhook's body: the event object for <see cref="WebhookPreset.Json"/>; <c>{"text": TEXT}</c> for
    /// <see cref="WebhookPreset.Slack"/> with <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> escaped as Slack's mrkdwn requires (so a
    /// session name cannot make a link or an <c>&lt;!channel&gt;</c> mention); <c>{"chat_id": ID, "text": TEXT}</c> for
    /// <see cref="WebhookPreset.Telegram"/> (plain text: no <c>parse_mode</c>). TEXT is <see cref="Text"/>.</summary>
    /// <param name="e">The notification.</param>
    /// <param name="preset">The shape.</param>
    /// <param name="chatId">The Telegram chat id (required for that preset).</param>
    /// <exception cref="ArgumentException">Telegram without a chat id.</exception>
    public static byte[] Body(NotificationEvent e, WebhookPreset preset, string? chatId)
    {
        ArgumentNullException.ThrowIfNull(e);
        return preset switch
        {
            WebhookPreset.Json => Event(e),
            WebhookPreset.Slack => Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("text", Text(e).Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal));
                w.WriteEndObject();
            }),
            WebhookPreset.Telegram => Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("chat_id", string.IsNullOrEmpty(chatId) ? throw new ArgumentException("the telegram preset needs a chat id", nameof(chatId)) : chatId);
                w.WriteString("text", Text(e));
                w.WriteEndObject();
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "not a webhook preset"),
        };
    }

    /// <summary>The message of chat presets: the title, and the body on a second line when there is one; both cleaned and cut
    /// (<see cref="TerminalNotification.MaxTitle"/>, <see cref="TerminalNotification.MaxBody"/>).</summary>
    public static string Text(NotificationEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var title = NotificationText.Cap(NotificationText.Clean(e.Title), TerminalNotification.MaxTitle);
        var body = NotificationText.Cap(NotificationText.Clean(e.Body), TerminalNotification.MaxBody);
        return body.Length == 0 ? title : title + "\n" + body;
    }

    /// <summary>UTC ISO 8601 to the second with a Z: <c>2026-11-28T16:00:00Z</c>.</summary>
    public static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            write(w);
        }

        return buffer.ToArray();
    }

    /// <summary>The event object as a string (for stdin).</summary>
    internal static string EventText(NotificationEvent e) => Encoding.UTF8.GetString(Event(e));
}
