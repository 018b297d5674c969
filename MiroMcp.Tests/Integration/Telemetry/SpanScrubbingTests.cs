using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using MiroMcp.Tests.Fixtures;
using MiroMcp.Tests.Fixtures.Telemetry;

namespace MiroMcp.Tests.Integration.Telemetry;

/// <summary>
/// Spans through our service defaults to the OTLP receiver: credential headers are dropped, query values and
/// status descriptions scrubbed, whatever instrumentation (or a future option) put them there.
/// </summary>
public sealed class SpanScrubbingTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly ActivitySource Source = new("MiroMcp.Tests.SpanProbe");
    private OtlpReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await OtlpReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Export_SpanWithCredentials_HeadersDroppedQueryAndStatusScrubbed()
    {
        var token = TestSecrets.NewToken("span");
        var code = TestSecrets.NewToken("code");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", ApplicationName = "span-probe" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _receiver.BaseUrl.AbsoluteUri.TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "span-probe",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        builder.AddServiceDefaults();
        using var host = builder.Build();
        await host.StartAsync();

        using (var activity = Source.StartActivity("GET /oauth/callback", ActivityKind.Server))
        {
            Assert.NotNull(activity);
            activity.SetTag("url.query", $"code={code}&state=abc123def456ghi789");
            activity.SetTag("url.full", $"https://example.test/oauth/callback?code={code}");
            activity.SetTag("http.request.header.authorization", new[] { "Bearer " + token });
            activity.SetTag("http.request.header.x-auth-token", new[] { token });
            activity.SetTag("http.request.header.accept", new[] { "application/json" });
            activity.SetTag("span.probe", "marker-span-probe");
            activity.SetStatus(ActivityStatusCode.Error, $"POST https://api.example.test/token?refresh_token={token} failed");
        }

        await _receiver.WaitUntilAsync(
            receiver => receiver.Payloads.Any(p => p.Signal == "traces" && Contains(p, "marker-span-probe")), Timeout, "the probe span");
        await host.StopAsync();
        var findings = LeakAuditor.Audit(_receiver.Payloads, [new KnownSecret("token", token), new KnownSecret("code", code)]);

        Assert.True(findings.Count == 0, LeakAuditor.Describe(findings));
        var traces = _receiver.Payloads.Where(p => p.Signal == "traces").ToList();
        Assert.Contains(traces, p => Contains(p, "code=Redacted&state=Redacted"));
        Assert.Contains(traces, p => Contains(p, "http.request.header.accept"));
        Assert.DoesNotContain(traces, p => Contains(p, "http.request.header.authorization") || Contains(p, "http.request.header.x-auth-token"));
    }

    private static bool Contains(OtlpPayload payload, string text) => payload.Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
