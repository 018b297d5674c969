using System.Net;
using System.Net.Http.Json;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Integration;

/// <summary>Dynamic registration is cheap for Claude.ai but must not be an open tap: a per-address rate.</summary>
public sealed class RegistrationRateLimitTests
{
    [Fact]
    public async Task Register_BeyondThePerMinuteRate_TooManyRequests()
    {
        await using var server = await ServerProcess.StartAsync(
            new Dictionary<string, string> { ["OAuth__RegistrationsPerMinute"] = "2" }, TimeSpan.FromMinutes(1));
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        var metadata = new { client_name = "rate", redirect_uris = new[] { "https://claude.ai/api/mcp/auth_callback" } };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.PostAsJsonAsync("/register", metadata);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
    }
}
