using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Integration.SecretsGateway;

/// <summary>The gateway as the AppHost runs it (local backend): the server's token reads exactly its secrets.</summary>
[Collection(AppHostCollection.Name)]
public sealed class AppHostGatewayTests(AppHostFixture fixture)
{
    private HttpClient Client(string? token)
    {
        var client = fixture.CreateClient(AppHostFixture.GatewayResource);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    [Fact]
    public async Task GetSecret_ServerTokenUnderAppHost_ReturnsTheMiroClientSecret()
    {
        using var client = Client(fixture.GatewayToken);

        var body = await client.GetFromJsonAsync<JsonElement>(new Uri("/v1/secrets/MIRO_CLIENT_SECRET", UriKind.Relative));

        Assert.Equal(fixture.Miro.ClientSecret, body.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Validation_UnderAppHost_IsValid()
    {
        using var client = Client(fixture.GatewayToken);

        var body = await client.GetFromJsonAsync<JsonElement>(new Uri("/v1/validation", UriKind.Relative));

        Assert.True(body.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task GetSecret_NoTokenUnderAppHost_Returns401()
    {
        using var client = Client(null);

        using var response = await client.GetAsync(new Uri("/v1/secrets/MIRO_ENCRYPTION_KEY", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
