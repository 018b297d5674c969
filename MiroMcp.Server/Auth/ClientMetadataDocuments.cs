using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;

namespace MiroMcp.Server.Auth;

/// <summary>
/// Client ID Metadata Documents: a client whose client_id is an https URL is registered on the fly from the JSON
/// document at that URL (Claude.ai uses this). The fetch is the server reaching out on an outsider's word, so it
/// is fenced: https only, public addresses only (checked on the resolved address at connect time, so DNS cannot
/// smuggle in a private one), no redirects, a size cap and a time limit.
/// </summary>
internal sealed class ClientMetadataDocuments(
    IHttpClientFactory httpClients,
    IOpenIddictApplicationManager applications,
    TimeProvider time,
    ILogger<ClientMetadataDocuments> logger)
{
    public const string HttpClientName = "client-metadata";
    public const int MaxDocumentBytes = 5 * 1024;
    public const string FetchedAtProperty = "miromcp_metadata_fetched_at";
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromHours(1);

    /// <summary>True for a client id that names a metadata document (an https URL with a path).</summary>
    public static bool IsMetadataUrl(string? clientId) =>
        clientId is not null
        && clientId.StartsWith("https://", StringComparison.Ordinal)
        && Uri.TryCreate(clientId, UriKind.Absolute, out var uri)
        && uri.AbsolutePath.Length > 1
        && string.IsNullOrEmpty(uri.Fragment)
        && string.IsNullOrEmpty(uri.UserInfo)
        && clientId.Length <= Storage.OAuthDatabase.MaxClientIdLength;

    /// <summary>Creates or refreshes the client; returns an error description when the document is unusable.</summary>
    public async Task<string?> EnsureRegisteredAsync(string clientId, CancellationToken cancellationToken)
    {
        var existing = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (existing is not null && !IsStale(await applications.GetPropertiesAsync(existing, cancellationToken)))
        {
            return null;
        }

        ClientMetadata? metadata;
        try
        {
            metadata = await FetchAsync(new Uri(clientId), cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or InvalidDataException)
        {
            var reason = ex switch
            {
                TaskCanceledException => "the document did not arrive in time",
                InvalidDataException => ex.Message,
                JsonException => "the document is not valid JSON client metadata",
                _ => "the document could not be fetched",
            };
            Log.ClientMetadataRejected(logger, clientId, reason);
            return $"client metadata document rejected: {reason}";
        }

        if (metadata is null || metadata.ClientId != clientId)
        {
            Log.ClientMetadataRejected(logger, clientId, "client_id in the document differs from its URL");
            return "client metadata document rejected: its client_id must equal the URL it was fetched from";
        }

        if (ClientMetadataRules.Validate(metadata) is { } problem)
        {
            Log.ClientMetadataRejected(logger, clientId, problem.Description);
            return $"client metadata document rejected: {problem.Description}";
        }

        var descriptor = ClientRegistrationApi.NewPublicClient(clientId, metadata.ClientName ?? new Uri(clientId).Host, metadata.RedirectUris!);
        descriptor.Properties[FetchedAtProperty] = JsonSerializer.SerializeToElement(time.GetUtcNow().ToUnixTimeSeconds(), OAuthJsonContext.Default.Int64);
        descriptor.Properties[ClientRegistrationApi.KindProperty] = JsonSerializer.SerializeToElement("cimd", OAuthJsonContext.Default.String);
        if (existing is null)
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
        else
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        }

        Log.ClientMetadataFetched(logger, clientId);
        return null;
    }

    private bool IsStale(System.Collections.Immutable.ImmutableDictionary<string, JsonElement> properties) =>
        !properties.TryGetValue(FetchedAtProperty, out var fetchedAt)
        || fetchedAt.ValueKind != JsonValueKind.Number
        || time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(fetchedAt.GetInt64()) > CacheLifetime;

    private async Task<ClientMetadata?> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FetchTimeout);
        var http = httpClients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidDataException($"the document URL answered {(int)response.StatusCode}");
        }

        if (response.Content.Headers.ContentLength > MaxDocumentBytes)
        {
            throw new InvalidDataException($"the document is larger than {MaxDocumentBytes} bytes");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        var buffer = new byte[MaxDocumentBytes + 1];
        var length = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer.AsMemory(length), timeout.Token)) > 0)
        {
            length += read;
            if (length > MaxDocumentBytes)
            {
                throw new InvalidDataException($"the document is larger than {MaxDocumentBytes} bytes");
            }
        }

        return JsonSerializer.Deserialize(buffer.AsSpan(0, length), OAuthJsonContext.Default.ClientMetadata);
    }

    /// <summary>
    /// The metadata fetcher's handler: no redirects, no cookies, guarded connect. Certificates are validated as
    /// usual, except that the test-only <see cref="OAuthSettings.AllowLoopbackClientMetadata"/> also accepts a
    /// self-signed certificate from a loopback host (the tests' document server).
    /// </summary>
    public static SocketsHttpHandler CreateHandler(IOptionsMonitor<OAuthSettings> settings) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectCallback = GuardedConnect(settings),
        SslOptions = new System.Net.Security.SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (sender, _, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None
                || (settings.CurrentValue.AllowLoopbackClientMetadata
                    && sender is System.Net.Security.SslStream { TargetHostName: "127.0.0.1" or "localhost" or "::1" }),
        },
    };

    /// <summary>The connect step of the metadata HttpClient: resolve, refuse non-public addresses, connect.</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> GuardedConnect(IOptionsMonitor<OAuthSettings> settings) =>
        async (context, cancellationToken) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            var allowLoopback = settings.CurrentValue.AllowLoopbackClientMetadata;
            var allowed = addresses.Where(address => IsPublic(address) || (allowLoopback && IPAddress.IsLoopback(address))).ToArray();
            if (allowed.Length == 0)
            {
                throw new HttpRequestException("the client metadata host resolves to no public address");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };

    /// <summary>False for loopback, private, link-local, unique-local, CGNAT, multicast and unspecified addresses.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
            || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 10
                || b[0] == 0
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19))
                || b[0] >= 224);
        }

        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal);
    }
}

/// <summary>Runs before OpenIddict looks the client up at the authorization endpoint.</summary>
internal sealed class ClientMetadataDocumentHandler(ClientMetadataDocuments documents)
    : IOpenIddictServerHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>
{
    public async ValueTask HandleAsync(OpenIddictServerEvents.ValidateAuthorizationRequestContext context)
    {
        if (!ClientMetadataDocuments.IsMetadataUrl(context.ClientId))
        {
            return;
        }

        if (await documents.EnsureRegisteredAsync(context.ClientId!, context.CancellationToken) is { } error)
        {
            context.Reject(OpenIddictConstants.Errors.InvalidClient, error);
        }
    }
}
