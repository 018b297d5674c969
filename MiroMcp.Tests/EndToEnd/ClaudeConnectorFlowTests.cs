using System.Text.Json;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.EndToEnd;

/// <summary>
/// The TypeScript MCP SDK's client signs in exactly as Claude.ai's connector does (DCR, PKCE, consent, Miro
/// sign-in, token, tools, refresh), against the server started by the AppHost and the Miro emulator.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class ClaudeConnectorFlowTests(AppHostFixture fixture)
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData("https://claude.ai/api/mcp/auth_callback")]
    [InlineData("https://claude.com/api/mcp/auth_callback")]
    public async Task OAuthFlow_DynamicRegistration_SignsInCallsToolsAndRefreshes(string callback)
    {
        var refreshesBefore = fixture.Miro.RefreshCount;

        var result = await NodeScript.RunAsync(
            "oauth-client.mjs", ["--server", fixture.ServerUrl.AbsoluteUri, "--redirect", callback], ScriptTimeout);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}; steps: {string.Join(" | ", result.Steps.Select(s => s.GetRawText()))}; stderr: {result.StandardError}");
        Assert.True(result.Step("unauthorized").GetProperty("registered").GetBoolean());
        Assert.True(result.Step("consent-page").GetProperty("showsClientName").GetBoolean());
        Assert.Equal(fixture.ServerUrl.AbsoluteUri, result.Step("authorize").GetProperty("iss").GetString());
        Assert.True(result.Step("token").GetProperty("refreshToken").GetBoolean());
        Assert.Contains("who_am_i", result.Step("tools-list").GetProperty("names").EnumerateArray().Select(name => name.GetString()));
        var content = result.Step("tools-call").GetProperty("content");
        Assert.Equal(fixture.Miro.ApprovingUserId, content.GetProperty("user").GetProperty("id").GetString());
        Assert.True(result.Step("refresh").GetProperty("rotated").GetBoolean());
        Assert.True(fixture.Miro.RefreshCount > refreshesBefore, "the server never refreshed the Miro pair behind the calls");
        Assert.Equal(JsonValueKind.True, result.Step("done").GetProperty("ok").ValueKind);
    }
}
