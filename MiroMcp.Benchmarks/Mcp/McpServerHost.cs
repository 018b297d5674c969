using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using MiroMcp.Tests.Fixtures.Miro;

namespace MiroMcp.Benchmarks.Mcp;

/// <summary>
/// Starts the real MiroMcp.Server (as a process, environment-variable secrets, file token store in a temporary
/// folder) against a <see cref="MiroEmulator"/>, and signs a client in through the whole OAuth flow (registration,
/// consent, the emulator's Miro sign-in, PKCE redemption) to get a real access token.
/// </summary>
internal static partial class McpServerHost
{
    private const string ClientCallback = "https://claude.ai/api/mcp/auth_callback";

    public static Task<(ServiceUnderTest Server, string DataFolder)> StartServerAsync(
        MiroEmulator emulator, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? extra = null, string? assembly = null) =>
        StartServerAsync(emulator, ServiceUnderTest.FreePort(), null, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            assembly ?? ServiceUnderTest.ServerAssembly(), "/health", extra, cancellationToken);

    /// <summary>
    /// The server on <paramref name="port"/> with <paramref name="encryptionKey"/> and its data in
    /// <paramref name="dataFolder"/> (a new temporary folder when null): the same three give a restarted process the
    /// same grants and issued tokens. <paramref name="readyPath"/> null: return as soon as the process has started.
    /// </summary>
    public static async Task<(ServiceUnderTest Server, string DataFolder)> StartServerAsync(
        MiroEmulator emulator, int port, string? dataFolder, string encryptionKey, string assembly, string? readyPath,
        IReadOnlyDictionary<string, string>? extra, CancellationToken cancellationToken)
    {
        var origin = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        emulator.RegisterRedirectUri(origin + "/oauth/callback");
        var data = dataFolder ?? Directory.CreateTempSubdirectory("miromcp-bench-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = origin,
            ["MIRO_CLIENT_ID"] = emulator.ClientId,
            ["MIRO_CLIENT_SECRET"] = emulator.ClientSecret,
            ["MIRO_REDIRECT_URI"] = origin + "/oauth/callback",
            ["MIRO_ENCRYPTION_KEY"] = encryptionKey,
            ["TOKEN_STORAGE_PATH"] = Path.Combine(data, "tokens.enc"),
            ["MIRO_API_BASE_URL"] = emulator.BaseUrl.AbsoluteUri.TrimEnd('/'),
            ["MIRO_AUTHORIZE_URL"] = emulator.AuthorizeUrl.AbsoluteUri,
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        var (command, arguments) = ServiceUnderTest.DotnetCommand(assembly);
        var server = await ServiceUnderTest.StartAsync(
            command, arguments, Path.GetDirectoryName(assembly)!, port, environment, readyPath, cancellationToken);
        return (server, data);
    }

    /// <summary>Registration, consent, Miro sign-in (emulator) and redemption: the signed-in client's access token.</summary>
    public static async Task<string> SignInAsync(Uri server, CancellationToken cancellationToken)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var http = new HttpClient(handler) { BaseAddress = server };
        var resource = new Uri(server, "/mcp").AbsoluteUri;

        using var registered = await http.PostAsJsonAsync("/register", new
        {
            client_name = "MiroMcp benchmark",
            redirect_uris = new[] { ClientCallback },
            token_endpoint_auth_method = "none",
        }, cancellationToken);
        var registration = await registered.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var clientId = registration.GetProperty("client_id").GetString()!;

        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var parameters = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = ClientCallback,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = Base64Url(RandomNumberGenerator.GetBytes(16)),
            ["scope"] = "boards:read boards:write",
            ["resource"] = resource,
        };
        using var consent = await http.GetAsync(QueryHelpers.AddQueryString("/authorize", parameters), cancellationToken);
        var html = await consent.Content.ReadAsStringAsync(cancellationToken);
        if (consent.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"authorize answered {(int)consent.StatusCode}: {html}");
        }

        var fields = HiddenInput().Matches(html)
            .Select(match => new KeyValuePair<string, string>(WebUtility.HtmlDecode(match.Groups[1].Value), WebUtility.HtmlDecode(match.Groups[2].Value)))
            .Append(new("decision", "approve"))
            .ToList();
        var current = await http.PostAsync(new Uri("/authorize", UriKind.Relative), new FormUrlEncodedContent(fields), cancellationToken);
        Uri? final = null;
        for (var hop = 0; hop < 8 && final is null; hop++)
        {
            using var response = current;
            if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is null)
            {
                throw new InvalidOperationException($"expected a redirect, got {(int)response.StatusCode}");
            }

            var location = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location);
            if (location.AbsoluteUri.StartsWith(ClientCallback, StringComparison.Ordinal))
            {
                final = location;
            }
            else
            {
                current = await http.GetAsync(location, cancellationToken);
            }
        }

        var query = QueryHelpers.ParseQuery((final ?? throw new InvalidOperationException("Too many redirects.")).Query);
        using var token = await http.PostAsync(new Uri("/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = clientId,
            ["code"] = query["code"].ToString(),
            ["code_verifier"] = verifier,
            ["redirect_uri"] = ClientCallback,
            ["resource"] = resource,
        }), cancellationToken);
        var body = await token.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return token.StatusCode == HttpStatusCode.OK
            ? body.GetProperty("access_token").GetString()!
            : throw new InvalidOperationException($"token answered {(int)token.StatusCode}: {body}");
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();
}
