using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MiroMcp.Tests.Fixtures.Miro;

namespace MiroMcp.Tests.Integration.MiroEmulatorTests;

/// <summary>The emulator's api.miro.com side: bearer checks, credits and headers, cursors, contract checks.</summary>
public sealed class MiroEmulatorApiTests : IAsyncLifetime, IDisposable
{
    private MiroEmulator _miro = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _miro = await MiroEmulator.StartAsync();
        _http = new HttpClient { BaseAddress = _miro.BaseUrl };
    }

    public async Task DisposeAsync() => await _miro.DisposeAsync();

    public void Dispose() => _http?.Dispose();

    [Fact]
    public async Task Api_NoBearerToken_Returns401InMiroShape()
    {
        using var response = await _http.GetAsync("v2/boards");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(401, body!["status"]!.GetValue<int>());
        Assert.Equal("error", body["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Api_EachCall_ChargesCreditsByLevelAndSendsRateLimitHeaders()
    {
        var token = _miro.IssueTokens().AccessToken;
        var boardId = _miro.CreateBoard("Credits");

        using var get = await SendAsync(HttpMethod.Get, $"v2/boards/{boardId}", token);
        using var delete = await SendAsync(HttpMethod.Delete, $"v2/boards/{boardId}", token);

        Assert.Equal("100000", get.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("99950", get.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Equal("99450", delete.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.True(long.Parse(delete.Headers.GetValues("X-RateLimit-Reset").Single(), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds());
        Assert.Equal(99_450, _miro.RemainingCredits(_miro.UserId));
    }

    [Fact]
    public async Task Api_CreditsExhausted_Returns429TooManyRequests()
    {
        var options = new MiroEmulatorOptions { CreditsPerMinute = 120 };
        await using var small = await MiroEmulator.StartAsync(options);
        using var http = new HttpClient { BaseAddress = small.BaseUrl };
        var token = small.IssueTokens().AccessToken;
        var boardId = small.CreateBoard("Tiny budget");

        using var first = await SendAsync(HttpMethod.Get, $"v2/boards/{boardId}", token, http);
        using var second = await SendAsync(HttpMethod.Get, $"v2/boards/{boardId}", token, http);
        using var third = await SendAsync(HttpMethod.Get, $"v2/boards/{boardId}", token, http);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        var body = await third.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("tooManyRequests", body!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Items_CursorPages_VisitEveryItemOnceAndConformToTheSpec()
    {
        var token = _miro.IssueTokens().AccessToken;
        var boardId = _miro.CreateBoard("Cursor");
        for (var i = 0; i < 27; i++)
        {
            _miro.AddStickyNote(boardId, $"n{i}");
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            using var response = await SendAsync(HttpMethod.Get, $"v2/boards/{boardId}/items?limit=10" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)), token);
            var page = await response.Content.ReadFromJsonAsync<JsonObject>();
            seen.AddRange(page!["data"]!.AsArray().Select(item => item!["id"]!.GetValue<string>()));
            cursor = page["cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(27, seen.Distinct().Count());
        Assert.Empty(_miro.ContractViolations);
    }

    [Fact]
    public async Task Items_LimitBelowMiroMinimum_Returns400()
    {
        var token = _miro.IssueTokens().AccessToken;
        var boardId = _miro.CreateBoard("Limits");

        using var response = await SendAsync(HttpMethod.Get, $"v2/boards/{boardId}/items?limit=5", token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task StickyNote_ColourOutsideSpec_Rejected400AndRecordedAsViolation()
    {
        var token = _miro.IssueTokens().AccessToken;
        var boardId = _miro.CreateBoard("Contract");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v2/boards/{boardId}/sticky_notes")
        {
            Content = JsonContent.Create(new { data = new { content = "x" }, style = new { fillColor = "mauve" } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(_miro.ContractViolations, violation => violation.Contains("mauve", StringComparison.Ordinal));
        Assert.Equal(0, _miro.ItemCount(boardId));
    }

    [Fact]
    public async Task TokenInfo_Response_ConformsToTheSpec()
    {
        var token = _miro.IssueTokens().AccessToken;

        using var response = await SendAsync(HttpMethod.Get, "v1/oauth-token", token);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Empty(OpenApiContract.Miro.CheckResponse("token-info", 200, body));
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, HttpClient? http = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (http ?? _http).SendAsync(request);
    }
}
