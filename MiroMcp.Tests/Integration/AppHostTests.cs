using System.Net;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Integration;

[Collection(AppHostCollection.Name)]
public sealed class AppHostTests(AppHostFixture fixture)
{
    [Theory]
    [InlineData(AppHostFixture.ServerResource, "/health")]
    [InlineData(AppHostFixture.ServerResource, "/alive")]
    [InlineData(AppHostFixture.GatewayResource, "/health")]
    [InlineData(AppHostFixture.GatewayResource, "/alive")]
    public async Task HealthEndpoint_StartedApp_ReportsHealthy(string resource, string path)
    {
        using var client = fixture.CreateClient(resource);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownPath_StartedServer_Returns404()
    {
        using var client = fixture.CreateClient(AppHostFixture.ServerResource);

        using var response = await client.GetAsync(new Uri("/no-such-page", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
