using System.Net;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.EndToEnd;

/// <summary>
/// Client ID Metadata Documents, as Claude.ai uses them: the TypeScript SDK client signs in with an https URL as
/// its client id; bad documents are refused before any code is issued.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class ClientMetadataDocumentTests(AppHostFixture fixture) : IAsyncLifetime, IDisposable
{
    private MetadataDocumentServer? _documents;
    private OAuthTestClient _client = null!;

    private MetadataDocumentServer Documents => _documents!;

    public async Task InitializeAsync()
    {
        _client = new OAuthTestClient(fixture.ServerUrl);
        _documents = await MetadataDocumentServer.StartAsync(OAuthTestClient.ClaudeCallback);
    }

    public void Dispose() => _client.Dispose();

    public async Task DisposeAsync()
    {
        if (_documents is not null)
        {
            await _documents.DisposeAsync();
        }
    }

    [Fact]
    public async Task OAuthFlow_ClientIdMetadataDocument_SignsInCallsToolsAndRefreshes()
    {
        var clientId = Documents.Url("client.json");

        var result = await NodeScript.RunAsync("oauth-client.mjs",
            ["--server", fixture.ServerUrl.AbsoluteUri, "--redirect", OAuthTestClient.ClaudeCallback, "--cimd", clientId],
            TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}; steps: {string.Join(" | ", result.Steps.Select(s => s.GetRawText()))}; stderr: {result.StandardError}");
        Assert.Equal(clientId, result.Step("unauthorized").GetProperty("clientId").GetString());
        Assert.True(result.Step("refresh").GetProperty("rotated").GetBoolean());
    }

    private async Task AssertRefusedAsync(string document)
    {
        var parameters = _client.AuthorizeParameters(Documents.Url(document), OAuthTestClient.NewPkce().Challenge);

        using var response = await _client.GetAuthorizeAsync(parameters);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("<code id=\"error-code\">invalid_client</code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public Task Authorize_OversizedMetadataDocument_RefusedInvalidClient() => AssertRefusedAsync("big.json");

    [Fact]
    public Task Authorize_MetadataDocumentNamingAnotherClientId_RefusedInvalidClient() => AssertRefusedAsync("mismatch.json");

    [Fact]
    public Task Authorize_MetadataDocumentRedirects_RefusedInvalidClient() => AssertRefusedAsync("redirect.json");

    [Fact]
    public async Task Authorize_MetadataDocumentNeverAnswers_RefusedInvalidClient()
    {
        await AssertRefusedAsync("slow.json");

        Assert.Equal(1, Documents.SlowRequests);
    }

    [Fact]
    public async Task Authorize_MetadataRedirectUriNotInDocument_RefusedWithoutRedirect()
    {
        var parameters = _client.AuthorizeParameters(Documents.Url("client.json"), OAuthTestClient.NewPkce().Challenge,
            redirectUri: "https://claude.com/api/mcp/auth_callback");

        using var response = await _client.GetAuthorizeAsync(parameters);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }
}
