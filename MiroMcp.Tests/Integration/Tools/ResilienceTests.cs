using System.Text.Json.Nodes;

namespace MiroMcp.Tests.Integration.Tools;

/// <summary>Rate limits, expired tokens and Miro errors as the model sees them.</summary>
[Collection(MiroToolsCollection.Name)]
public sealed class ResilienceTests(MiroToolsFixture fixture)
{
    [Fact]
    public async Task GetBoard_429StormWithRetryAfter_SucceedsWithOneRequestPerAttempt()
    {
        var boardId = fixture.Miro.CreateBoard("Storm");
        var requestsBefore = fixture.Miro.ApiRequestCount;
        var throttledBefore = fixture.Miro.ThrottledCount;
        fixture.Miro.ThrottleNext(4, TimeSpan.Zero);

        var board = await fixture.CallAsync("get_board", new() { ["boardId"] = boardId });

        Assert.Equal("Storm", board["name"]!.GetValue<string>());
        Assert.Equal(4, fixture.Miro.ThrottledCount - throttledBefore);
        Assert.Equal(5, fixture.Miro.ApiRequestCount - requestsBefore);
    }

    [Fact]
    public async Task CreateStickyNote_429WithoutRetryAfter_WaitsForResetAndCreatesOnce()
    {
        var boardId = fixture.Miro.CreateBoard("Storm reset");
        fixture.Miro.ThrottleNext(1);

        var note = await fixture.CallAsync("create_sticky_note", new() { ["boardId"] = boardId, ["content"] = "once" });

        Assert.Equal("once", note["data"]!["content"]!.GetValue<string>());
        Assert.Equal(1, fixture.Miro.ItemCount(boardId));
    }

    [Fact]
    public async Task GetBoard_ConcurrentCallsDuringStorm_AllSucceedWithoutAmplification()
    {
        var boardId = fixture.Miro.CreateBoard("Concurrent storm");
        var requestsBefore = fixture.Miro.ApiRequestCount;
        fixture.Miro.ThrottleNext(3, TimeSpan.Zero);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => fixture.CallAsync("get_board", new() { ["boardId"] = boardId })));

        Assert.All(results, board => Assert.Equal(boardId, board["id"]!.GetValue<string>()));
        Assert.Equal(8 + 3, fixture.Miro.ApiRequestCount - requestsBefore);
    }

    [Fact]
    public async Task GetBoard_StormLongerThanBudget_FailsWithRetryAdvice()
    {
        var boardId = fixture.Miro.CreateBoard("Endless storm");
        var requestsBefore = fixture.Miro.ApiRequestCount;
        fixture.Miro.ThrottleNext(100, TimeSpan.Zero);
        try
        {
            var error = await fixture.CallFailingAsync("get_board", new() { ["boardId"] = boardId });

            Assert.Contains("rate limit", error, StringComparison.Ordinal);
            Assert.Equal(MiroMcp.Server.Miro.MiroClient.MaxThrottleRetries + 1, fixture.Miro.ApiRequestCount - requestsBefore);
        }
        finally
        {
            fixture.Miro.ThrottleNext(0);
        }
    }

    [Fact]
    public async Task GetBoard_AccessTokenExpired_RenewsOnceAndSucceeds()
    {
        var boardId = fixture.Miro.CreateBoard("Expired");
        var renewalsBefore = fixture.Tokens.Renewals;
        var refreshesBefore = fixture.Miro.RefreshCount;
        fixture.Miro.ExpireAccessTokens(fixture.Miro.UserId);

        var board = await fixture.CallAsync("get_board", new() { ["boardId"] = boardId });

        Assert.Equal(boardId, board["id"]!.GetValue<string>());
        Assert.Equal(1, fixture.Tokens.Renewals - renewalsBefore);
        Assert.Equal(1, fixture.Miro.RefreshCount - refreshesBefore);
    }

    [Fact]
    public async Task GetBoard_GrantRevokedAtMiro_AsksToReconnect()
    {
        var boardId = fixture.Miro.CreateBoard("Revoked");
        fixture.Miro.RevokeRefreshToken(fixture.Tokens.RefreshToken);
        try
        {
            var error = await fixture.CallFailingAsync("get_board", new() { ["boardId"] = boardId });

            Assert.Contains("Reconnect", error, StringComparison.Ordinal);
            Assert.DoesNotContain(fixture.Tokens.AccessToken, error, StringComparison.Ordinal);
        }
        finally
        {
            fixture.Tokens.Reset();
        }
    }

    [Fact]
    public async Task ListItems_LimitOutsideMiroRange_IsClampedNotRejected()
    {
        var boardId = fixture.Miro.CreateBoard("Clamp");

        var page = await fixture.CallAsync("list_items", new() { ["boardId"] = boardId, ["limit"] = 500 });

        Assert.Equal(0, page["size"]!.GetValue<int>());
        Assert.IsType<JsonArray>(page["data"]);
    }
}
