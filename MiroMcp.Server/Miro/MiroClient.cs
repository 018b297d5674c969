using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;

namespace MiroMcp.Server.Miro;

/// <summary>
/// The Miro REST v2 client. Every call names its <see cref="MiroOperation"/> (so it is charged the right credits),
/// acts with the signed-in user's Miro token, waits out 429s within a budget (one retrier: the resilience
/// pipeline does not retry 429s or unsafe methods) and turns Miro errors into <see cref="McpException"/> messages a
/// model can act on.
/// </summary>
internal sealed class MiroClient(
    HttpClient http,
    IMiroAccessTokenSource tokens,
    MiroRateLimiter rateLimiter,
    IHttpContextAccessor httpContextAccessor,
    ILogger<MiroClient> logger)
{
    /// <summary>429 retries per call before giving up.</summary>
    public const int MaxThrottleRetries = 5;

    /// <summary>Total time one call may spend waiting out 429s.</summary>
    public static readonly TimeSpan ThrottleWaitBudget = TimeSpan.FromSeconds(30);

    public Task<JsonNode?> GetAsync(MiroOperation operation, IReadOnlyList<string> pathValues, IEnumerable<KeyValuePair<string, string?>>? query, CancellationToken cancellationToken) =>
        SendAsync(operation, pathValues, query, null, cancellationToken);

    /// <summary>Calls the operation and returns Miro's JSON (null for an empty body, e.g. 204).</summary>
    public Task<JsonNode?> SendAsync(
        MiroOperation operation,
        IReadOnlyList<string> pathValues,
        IEnumerable<KeyValuePair<string, string?>>? query,
        JsonNode? body,
        CancellationToken cancellationToken) =>
        SendCoreAsync(operation, BuildUri(operation, pathValues, query),
            () => body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
            cancellationToken);

    /// <summary>Uploads files as multipart/form-data: an optional JSON <c>data</c> part plus the file parts.</summary>
    public Task<JsonNode?> SendMultipartAsync(
        MiroOperation operation,
        IReadOnlyList<string> pathValues,
        JsonNode? data,
        bool dataAsFile,
        IReadOnlyList<MiroUpload> files,
        CancellationToken cancellationToken) =>
        SendCoreAsync(operation, BuildUri(operation, pathValues, null), () =>
        {
            var content = new MultipartFormDataContent();
            if (data is not null)
            {
                var json = new StringContent(data.ToJsonString(), Encoding.UTF8, "application/json");
                if (dataAsFile)
                {
                    content.Add(json, "data", "data.json");
                }
                else
                {
                    content.Add(json, "data");
                }
            }

            foreach (var file in files)
            {
                var part = new ByteArrayContent(file.Content);
                part.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
                content.Add(part, file.Field, file.FileName);
            }

            return content;
        }, cancellationToken);

    private async Task<JsonNode?> SendCoreAsync(MiroOperation operation, Uri uri, Func<HttpContent?> content, CancellationToken cancellationToken)
    {
        var token = await GetTokenAsync(cancellationToken);
        var userKey = UserKey(token);
        var renewed = false;
        var waited = TimeSpan.Zero;
        for (var throttles = 0; ; )
        {
            await rateLimiter.AcquireAsync(userKey, operation.Credits, cancellationToken);
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), uri);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Content = content();

            using var response = await http.SendAsync(request, cancellationToken);
            rateLimiter.Observe(userKey, response.Headers);
            if (response.StatusCode == HttpStatusCode.Unauthorized && !renewed)
            {
                renewed = true;
                Log.MiroTokenRejected(logger, operation.OperationId);
                token = await RenewAsync(token, cancellationToken);
                continue;
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = rateLimiter.Throttled(userKey, response);
                throttles++;
                if (throttles > MaxThrottleRetries || waited + wait > ThrottleWaitBudget)
                {
                    Log.MiroThrottleBudgetExhausted(logger, operation.OperationId, throttles);
                    throw new McpException(string.Create(CultureInfo.InvariantCulture,
                        $"Miro's rate limit for this user is exhausted; try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} s."));
                }

                Log.MiroThrottled(logger, operation.OperationId, (long)wait.TotalMilliseconds, throttles);
                waited += wait;
                continue;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                Log.MiroCallFailed(logger, operation.OperationId, (int)response.StatusCode);
                throw Translate(response.StatusCode, text);
            }

            return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
    }

    internal static Uri BuildUri(MiroOperation operation, IReadOnlyList<string> pathValues, IEnumerable<KeyValuePair<string, string?>>? query)
    {
        var path = new StringBuilder();
        var template = operation.PathTemplate.TrimEnd('?');
        var index = 0;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '{')
            {
                path.Append(template[i]);
                continue;
            }

            var end = template.IndexOf('}', i);
            if (index >= pathValues.Count || string.IsNullOrWhiteSpace(pathValues[index]))
            {
                throw new McpException($"Missing id for {template[(i + 1)..end]}.");
            }

            path.Append(Uri.EscapeDataString(pathValues[index++].Trim()));
            i = end;
        }

        var first = true;
        foreach (var (name, value) in query ?? [])
        {
            if (value is null)
            {
                continue;
            }

            path.Append(first ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            first = false;
        }

        return new Uri(path.ToString().TrimStart('/'), UriKind.Relative);
    }

    private async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await tokens.GetAccessTokenAsync(cancellationToken);
        }
        catch (MiroAuthorizationException exception)
        {
            throw new McpException("Not signed in to Miro: " + exception.Message + " Reconnect the Miro server to sign in again.");
        }
    }

    private async Task<string> RenewAsync(string rejected, CancellationToken cancellationToken)
    {
        string? renewed;
        try
        {
            renewed = await tokens.RenewAfterRejectionAsync(rejected, cancellationToken);
        }
        catch (MiroAuthorizationException exception)
        {
            throw new McpException("Miro rejected the sign-in: " + exception.Message + " Reconnect the Miro server to sign in again.");
        }

        return renewed ?? throw new McpException("Miro rejected the sign-in (401). Reconnect the Miro server to sign in again.");
    }

    /// <summary>The rate-limit key: the signed-in principal when there is one, else a hash of the token.</summary>
    private string UserKey(string token)
    {
        var user = httpContextAccessor.HttpContext?.User;
        var subject = user?.FindFirst("sub")?.Value ?? user?.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        return subject is not null ? "user:" + subject : "token:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)), 0, 16);
    }

    internal static McpException Translate(HttpStatusCode status, string body)
    {
        string? code = null;
        string? message = null;
        try
        {
            if (JsonNode.Parse(body) is JsonObject json)
            {
                code = json["code"]?.GetValueKind() == JsonValueKind.String ? json["code"]!.GetValue<string>() : null;
                message = json["message"]?.GetValueKind() == JsonValueKind.String ? json["message"]!.GetValue<string>() : null;
            }
        }
        catch (JsonException)
        {
        }

        var detail = string.Create(CultureInfo.InvariantCulture, $"({(int)status}{(code is null ? string.Empty : " " + code)}){(message is null ? string.Empty : ": " + message.TrimEnd('.'))}.");
        return status switch
        {
            HttpStatusCode.BadRequest => new McpException("Miro rejected the request " + detail + " Fix the arguments and try again."),
            HttpStatusCode.Unauthorized => new McpException("Miro rejected the sign-in " + detail + " Reconnect the Miro server to sign in again."),
            HttpStatusCode.Forbidden => new McpException("Miro denied access " + detail + " The signed-in user lacks permission for this board or item."),
            HttpStatusCode.NotFound => new McpException("Not found in Miro " + detail + " Check the board id (list_boards) and item ids (list_items)."),
            HttpStatusCode.Conflict => new McpException("Miro reported a conflict " + detail + " Read the current state and try again."),
            HttpStatusCode.RequestEntityTooLarge => new McpException("The request is too large for Miro " + detail + " Send less at once."),
            _ when (int)status >= 500 => new McpException("Miro is unavailable " + detail + " Try again later."),
            _ => new McpException("Miro call failed " + detail),
        };
    }
}

/// <summary>One file part of a multipart upload.</summary>
internal sealed record MiroUpload(string Field, string FileName, string ContentType, byte[] Content);
