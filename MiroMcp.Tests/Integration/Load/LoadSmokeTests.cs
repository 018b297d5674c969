using System.Net;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Integration.Load;

/// <summary>
/// The short version of issue #9's load run (the long one is <c>MiroMcp.Benchmarks load --clients 100 --calls
/// 1000000</c>): several MCP clients, each with its own registration, sign-in and connection, call a tool through the
/// shared AppHost's server at the same time; then again while the Miro emulator answers a burst of 429s. Every call
/// must succeed, with exactly one Miro request per call, plus one retry per 429 and nothing more.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class LoadSmokeTests(AppHostFixture fixture)
{
    private const int Clients = 8;
    private const int CallsPerClient = 10;
    private const int Storm = 24;

    [Fact]
    public async Task ConcurrentClients_SteadyThenThrottled_EveryCallSucceedsWithoutRetryAmplification()
    {
        var boardId = fixture.Miro.CreateBoard("Load smoke");
        var clients = new List<(OAuthTestClient Client, string Token)>();
        try
        {
            for (var i = 0; i < Clients; i++)
            {
                var client = new OAuthTestClient(fixture.ServerUrl);
                clients.Add((client, (await client.SignInAsync()).Tokens.GetProperty("access_token").GetString()!));
            }

            var steadyBefore = fixture.Miro.ApiRequestCount;
            var steadyFailures = await RunAsync(clients, boardId);
            var steadyUpstream = fixture.Miro.ApiRequestCount - steadyBefore;

            var stormBefore = fixture.Miro.ApiRequestCount;
            var throttledBefore = fixture.Miro.ThrottledCount;
            fixture.Miro.ThrottleNext(Storm);
            var stormFailures = await RunAsync(clients, boardId);
            var stormUpstream = fixture.Miro.ApiRequestCount - stormBefore;
            var throttled = fixture.Miro.ThrottledCount - throttledBefore;

            Assert.Empty(steadyFailures);
            Assert.Equal(Clients * CallsPerClient, steadyUpstream);
            Assert.Empty(stormFailures);
            Assert.Equal(Storm, throttled);
            Assert.Equal(Clients * CallsPerClient + Storm, stormUpstream);
        }
        finally
        {
            foreach (var (client, _) in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>Each client makes its calls one after another, as an MCP client waits for each answer; all clients at once.</summary>
    private static async Task<List<string>> RunAsync(List<(OAuthTestClient Client, string Token)> clients, string boardId)
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var message = OAuthTestClient.ToolsCall("get_board", "{\"boardId\":\"" + boardId + "\"}");
        await Task.WhenAll(clients.Select(entry => Task.Run(async () =>
        {
            for (var call = 0; call < CallsPerClient; call++)
            {
                using var response = await entry.Client.PostMcpAsync(entry.Token, message);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK || !body.Contains("\"result\"", StringComparison.Ordinal)
                    || body.Contains("\"isError\":true", StringComparison.Ordinal))
                {
                    failures.Add($"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
                }
            }
        })));
        return [.. failures];
    }
}
