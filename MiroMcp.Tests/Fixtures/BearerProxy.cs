using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MiroMcp.Tests.Fixtures;

/// <summary>
/// A signed-in client in front of the server, for tools that cannot do OAuth themselves (the MCP conformance
/// suite): it adds our bearer token to every request and forwards it to /mcp, streaming the answer back.
/// A request addressed to the proxy itself reaches the server under the server's own Host; any other Host
/// header (a DNS-rebinding probe) is passed through untouched, so the server's own checks still answer it.
/// </summary>
internal sealed class BearerProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Content-Length",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private BearerProxy(WebApplication app, HttpClient http)
    {
        _app = app;
        _http = http;
    }

    public Uri McpUrl { get; private set; } = null!;

    public static async Task<BearerProxy> StartAsync(Uri server, string accessToken)
    {
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = Timeout.InfiniteTimeSpan };
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var proxy = new BearerProxy(app, http);

        app.Run(async context =>
        {
            var target = new Uri(server, context.Request.Path + context.Request.QueryString);
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
            if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            {
                request.Content = new StreamContent(context.Request.Body);
            }

            foreach (var (name, values) in context.Request.Headers)
            {
                if (HopByHop.Contains(name))
                {
                    continue;
                }

                if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
                {
                    request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
                }
            }

            // The proxy's own loopback names stand for the server (as a TLS-terminating front would); anything else
            // is passed through for the server to judge.
            var ownHost = IsOwn(context.Request.Host.Value, proxy.McpUrl.Port);
            request.Headers.Host = ownHost ? server.Authority : context.Request.Host.Value;
            if (context.Request.Headers.Origin.ToString() is { Length: > 0 } origin && Uri.TryCreate(origin, UriKind.Absolute, out var originUri)
                && IsOwn(originUri.Authority, proxy.McpUrl.Port))
            {
                request.Headers.Remove("Origin");
                request.Headers.TryAddWithoutValidation("Origin", server.GetLeftPart(UriPartial.Authority));
            }
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHop.Contains(name))
                {
                    context.Response.Headers[name] = values.ToArray();
                }
            }

            await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            var buffer = new byte[8192];
            int read;
            while ((read = await body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted); // server-sent events go out as they come
            }
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        proxy.McpUrl = new Uri(new Uri(address), "/mcp");
        return proxy;
    }

    private static bool IsOwn(string? authority, int port) =>
        authority is not null
        && (authority == $"127.0.0.1:{port}" || authority == $"localhost:{port}" || authority == $"[::1]:{port}");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }
}
