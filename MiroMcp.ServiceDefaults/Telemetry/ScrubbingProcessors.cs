using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace MiroMcp.ServiceDefaults.Telemetry;

/// <summary>
/// Last line of defence on spans: drops attributes that would carry credential headers and scrubs status
/// descriptions and exception attributes (messages written by libraries, not by us).
/// </summary>
internal sealed class SpanScrubbingProcessor : BaseProcessor<Activity>
{
    // ASP.NET Core 10 records url.query itself, with values: OAuth codes, state and tokens sent in a query.
    private static readonly string[] UrlAttributes = ["url.query", "url.full", "http.url", "http.target"];
    private static readonly string[] FreeTextAttributes = ["exception.message", "exception.stacktrace", "error.message", "otel.status_description"];

    public override void OnEnd(Activity data)
    {
        List<string>? drop = null;
        List<KeyValuePair<string, string?>>? rewrite = null;
        foreach (var tag in data.TagObjects)
        {
            if (SecretScrubber.IsSensitiveHeaderAttribute(tag.Key))
            {
                (drop ??= []).Add(tag.Key);
            }
            else if (Array.IndexOf(UrlAttributes, tag.Key) >= 0 && tag.Value is string url && url.Contains('='))
            {
                var queryStart = tag.Key == "url.query" ? 0 : url.IndexOf('?');
                if (queryStart >= 0)
                {
                    var redacted = url[..queryStart] + SecretScrubber.RedactQueryValues(url[queryStart..]);
                    if (!string.Equals(redacted, url, StringComparison.Ordinal))
                    {
                        (rewrite ??= []).Add(new(tag.Key, redacted));
                    }
                }
            }
            else if (Array.IndexOf(FreeTextAttributes, tag.Key) >= 0 && tag.Value is string text && SecretScrubber.NeedsScrubbing(text))
            {
                (rewrite ??= []).Add(new(tag.Key, SecretScrubber.Scrub(text)));
            }
        }

        foreach (var key in drop ?? [])
        {
            data.SetTag(key, null);
        }

        foreach (var (key, value) in rewrite ?? [])
        {
            data.SetTag(key, value);
        }

        if (SecretScrubber.NeedsScrubbing(data.StatusDescription))
        {
            data.SetStatus(data.Status, SecretScrubber.Scrub(data.StatusDescription));
        }
    }
}

/// <summary>
/// Scrubs exceptions attached to log records: the exporter writes the exception's message and stack trace,
/// and a library's message can quote a URL with a code or a token.
/// </summary>
internal sealed class LogScrubbingProcessor : BaseProcessor<LogRecord>
{
    public override void OnEnd(LogRecord data)
    {
        if (data.Exception is { } exception && exception is not ScrubbedException)
        {
            var text = exception.ToString();
            if (SecretScrubber.NeedsScrubbing(text))
            {
                data.Exception = new ScrubbedException(exception, SecretScrubber.Scrub(text)!);
            }
        }
    }
}

/// <summary>Stands in for an exception whose text held something credential-like; keeps the type and the stack.</summary>
public sealed class ScrubbedException : Exception
{
    private readonly string _text;

    public ScrubbedException()
        : this(string.Empty)
    {
    }

    public ScrubbedException(string message)
        : base(message)
    {
        _text = message;
        OriginalType = nameof(Exception);
    }

    public ScrubbedException(string message, Exception innerException)
        : this(message)
    {
        OriginalType = innerException.GetType().FullName ?? nameof(Exception);
    }

    internal ScrubbedException(Exception original, string scrubbedText)
        : base(SecretScrubber.Scrub(original.Message))
    {
        _text = scrubbedText;
        OriginalType = original.GetType().FullName ?? nameof(Exception);
    }

    /// <summary>The full name of the exception type that was scrubbed.</summary>
    public string OriginalType { get; }

    public override string ToString() => _text;
}
