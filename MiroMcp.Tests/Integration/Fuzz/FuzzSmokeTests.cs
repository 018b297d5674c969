using MiroMcp.Benchmarks.Fuzz;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Integration.Fuzz;

/// <summary>
/// The short version of issue #9's fuzzing (the long one is <c>MiroMcp.Benchmarks fuzz --requests 100000</c>): the same
/// seeded generator against the shared AppHost's server and gateway. Every answer must be below 500 and both services
/// must still be healthy and serving afterwards.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class FuzzSmokeTests(AppHostFixture fixture)
{
    [Fact]
    public async Task SeededMalformedRequests_ServerAndGateway_NeverAnswer5xx()
    {
        using var client = new OAuthTestClient(fixture.ServerUrl);
        var (_, tokens) = await client.SignInAsync();
        var token = tokens.GetProperty("access_token").GetString()!;
        var gateway = fixture.App.GetEndpoint(AppHostFixture.GatewayResource, "http");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        var report = await FuzzRunner.RunAsync(new FuzzGenerator(20261204, token, fixture.GatewayToken), fixture.ServerUrl, gateway, 2_000, 4, timeout.Token);

        Assert.True(report.ServerErrors == 0 && report.TransportErrors == 0, report.Summary() + Environment.NewLine + string.Join(Environment.NewLine, report.Failures.Take(20)));
        Assert.True(report.Sent > 1_500, report.Summary());
        using var health = await client.Http.GetAsync(new Uri("/health", UriKind.Relative), timeout.Token);
        Assert.True(health.IsSuccessStatusCode, $"server /health answered {(int)health.StatusCode} after the fuzzing");
    }
}
