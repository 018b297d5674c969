using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MiroMcp.Tests.Fixtures;

/// <summary>
/// A client's website serving client ID metadata documents over https on loopback (self-signed certificate):
/// a good document, and bad ones — oversized, mismatched client_id, redirecting, never answering.
/// </summary>
internal sealed class MetadataDocumentServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();

    private MetadataDocumentServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public int SlowRequests;

    public string Url(string document) => new Uri(BaseUrl, document).AbsoluteUri;

    public static async Task<MetadataDocumentServer> StartAsync(string redirectUri)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var server = new MetadataDocumentServer(app);

        object Document(HttpContext context, string? clientId = null) => new
        {
            client_id = clientId ?? server.Url(context.Request.Path.Value!.TrimStart('/')),
            client_name = "Metadata document client",
            redirect_uris = new[] { redirectUri },
            grant_types = new[] { "authorization_code", "refresh_token" },
            response_types = new[] { "code" },
            token_endpoint_auth_method = "none",
        };

        app.MapGet("/client.json", (HttpContext context) => Results.Json(Document(context)));
        app.MapGet("/mismatch.json", (HttpContext context) => Results.Json(Document(context, "https://evil.example/client.json")));
        app.MapGet("/big.json", (HttpContext context) =>
        {
            var document = JsonSerializer.SerializeToElement(Document(context));
            var padded = new Dictionary<string, object?>(document.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)))
            {
                ["client_uri"] = "https://example.com/" + new string('a', 20_000),
            };
            return Results.Json(padded);
        });
        app.MapGet("/redirect.json", () => Results.Redirect("https://10.0.0.1/client.json"));
        app.MapGet("/slow.json", async (HttpContext context) =>
        {
            Interlocked.Increment(ref server.SlowRequests);
            // Never answers on its own; ends when the caller gives up or the server stops.
            using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, server._stopping.Token);
            await Task.Delay(Timeout.Infinite, both.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return Results.Empty;
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUrl = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
