using System.Globalization;
using System.Net.Http.Headers;

namespace SessionTui.Workcells.Notifications;

/// <summary>
/// A <c>webhook-N</c> channel: an HTTP POST of <see cref="NotificationJson.Body"/> (<c>Content-Type: application/json;
/// charset=utf-8</c>) with the configured headers. Any status outside 200–299 is a failure (so retried). Errors name the
/// host, never the path or query, which may hold a token (Telegram's bot URL does).
/// </summary>
public sealed class WebhookChannel : INotificationChannel
{
    private readonly WebhookOptions _options;
    private readonly HttpClient _http;

    /// <summary>Creates the channel.</summary>
    /// <param name="options">URL, preset, chat id, headers.</param>
    /// <param name="http">The client (owned by the caller; its own timeout should be infinite: the notifier times sends).</param>
    /// <param name="number">The channel's number: its name is <c>webhook-NUMBER</c>.</param>
    public WebhookChannel(WebhookOptions options, HttpClient http, int number)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        _options = options;
        _http = http;
        Name = "webhook-" + number.ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    /// <exception cref="NotificationDeliveryException">The answer's status was not 2xx, or the request failed.</exception>
    public async Task SendAsync(NotificationEvent e, CancellationToken ct)
    {
        using var content = new ByteArrayContent(NotificationJson.Body(e, _options.Preset, _options.ChatId));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Url) { Content = content };
        foreach (var (name, value) in _options.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                content.Headers.Remove(name);
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException x)
        {
            throw new NotificationDeliveryException($"POST to {_options.Url.Authority} failed: {x.Message}", x);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new NotificationDeliveryException(
                    $"{_options.Url.Authority} answered HTTP {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase}".TrimEnd());
            }
        }
    }
}
