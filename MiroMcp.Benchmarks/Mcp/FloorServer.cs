using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MiroMcp.Benchmarks.Mcp;

/// <summary>
/// The floor of a tool call on this machine: the least an ASP.NET Core process can do for one — Kestrel receives a
/// JSON POST, one pooled <see cref="HttpClient"/> GET goes to the Miro emulator, the answer is written back as a
/// JSON-RPC result — with no authentication, no MCP SDK, no logging, no telemetry, no resilience. Run as its own
/// process by <c>mcp-cpu-breakdown --stage floor-get|floor-call</c>, so its CPU time is measured exactly like the
/// server's. Environment: <c>ASPNETCORE_URLS</c>, <c>FLOOR_UPSTREAM</c> (emulator base URL), <c>FLOOR_TOKEN</c> (a Miro
/// access token the emulator issued).
/// </summary>
internal static class FloorServer
{
    [Command("floor-server", "a minimal ASP.NET Core app (GET /ping; POST /mcp → one upstream GET /v1/oauth-token → JSON; POST /sdk: the MCP SDK with one such tool) for mcp-cpu-breakdown's floor stages; env ASPNETCORE_URLS, FLOOR_UPSTREAM, FLOOR_TOKEN")]
    public static async Task<int> RunAsync(string[] args)
    {
        var upstream = new Uri(Environment.GetEnvironmentVariable("FLOOR_UPSTREAM") ?? throw new InvalidOperationException("FLOOR_UPSTREAM is not set."));
        var token = Environment.GetEnvironmentVariable("FLOOR_TOKEN") ?? throw new InvalidOperationException("FLOOR_TOKEN is not set.");

        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = upstream };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        // POST /sdk: the official C# MCP SDK (as the server uses it) with one tool doing the same upstream GET, and
        // nothing else of ours: no authentication, no grant, no Miro client, no telemetry.
        builder.Services.AddMcpServer().WithHttpTransport().WithTools(
        [
            ModelContextProtocol.Server.McpServerTool.Create(
                async (CancellationToken cancellationToken) => await http.GetStringAsync(new Uri("/v1/oauth-token", UriKind.Relative), cancellationToken),
                new ModelContextProtocol.Server.McpServerToolCreateOptions { Name = "who_am_i", ReadOnly = true }),
        ]);
        var app = builder.Build();
        app.MapMcp("/sdk");

        app.MapGet("/ping", () => Results.Text("ok"));
        app.MapPost("/mcp", async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            var id = body.RootElement.GetProperty("id").GetRawText();
            var text = await http.GetStringAsync(new Uri("/v1/oauth-token", UriKind.Relative), cancellationToken);
            var answer = new StringBuilder("{\"jsonrpc\":\"2.0\",\"id\":").Append(id)
                .Append(",\"result\":{\"content\":[{\"type\":\"text\",\"text\":").Append(JsonSerializer.Serialize(text, FloorJson.Default.String))
                .Append("}]}}").ToString();
            return Results.Text(answer, "application/json");
        });

        await app.RunAsync();
        return 0;
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class FloorJson : System.Text.Json.Serialization.JsonSerializerContext;
