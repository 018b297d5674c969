using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MiroMcp.ServiceDefaults.Telemetry;
using MiroMcp.Tests.Fixtures;
using MiroMcp.Tests.Fixtures.Telemetry;

namespace MiroMcp.Tests.Integration.Telemetry;

/// <summary>
/// The auditor itself: a host built with our service defaults exports to the OTLP receiver; a secret logged on
/// purpose must be found (in every encoding the auditor claims to search), and a classified one must not.
/// </summary>
public sealed partial class LeakAuditorTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private OtlpReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await OtlpReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private async Task LogThroughServiceDefaultsAsync(Action<ILogger> log, string marker)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", ApplicationName = "leak-audit-probe" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _receiver.BaseUrl.AbsoluteUri.TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "leak-audit-probe",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
        });
        builder.AddServiceDefaults();
        using var host = builder.Build();
        await host.StartAsync();
        log(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MiroMcp.Tests.Probe"));

        // The batch exporter sends every 100 ms: wait (bounded) for the marker line while the host still runs.
        await _receiver.WaitUntilAsync(
            receiver => receiver.Payloads.Any(p => p.Signal == "logs" && p.Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker)) >= 0),
            Timeout, $"the log line '{marker}'");
        await host.StopAsync();
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("base64")]
    [InlineData("base64url")]
    [InlineData("url-encoded")]
    [InlineData("hex")]
    public async Task Audit_SecretDeliberatelyLogged_IsFound(string form)
    {
        // "???" encodes to "Pz8/": base64 and base64url differ; "+/=" makes the url-encoded form differ from raw.
        var secret = "???" + TestSecrets.NewToken("deliberate") + "+/=";
        var written = Encoding.UTF8.GetString(LeakAuditor.Forms(secret).Single(f => f.Form == form).Needle);

        await LogThroughServiceDefaultsAsync(logger => Careless(logger, written), "Careless line");
        var findings = LeakAuditor.Audit(_receiver.Payloads, [new KnownSecret("deliberate", secret)]);

        Assert.Contains(findings, finding => finding.Form == form && finding.Signal == "logs" && finding.Services == "leak-audit-probe");
    }

    [Fact]
    public async Task Audit_HexKeyLoggedAsBase64OfItsBytes_IsFound()
    {
        var key = TestSecrets.NewHexKey();

        var written = Convert.ToBase64String(Convert.FromHexString(key));

        await LogThroughServiceDefaultsAsync(logger => Careless(logger, written), "Careless line");
        var findings = LeakAuditor.Audit(_receiver.Payloads, [new KnownSecret("key", key)]);

        Assert.Contains(findings, finding => finding.Form == "decoded-base64");
    }

    [Fact]
    public async Task Audit_SecretParameterClassified_IsErasedAndNotFound()
    {
        var secret = TestSecrets.NewToken("classified");

        await LogThroughServiceDefaultsAsync(logger => Classified(logger, secret), "Classified line");
        var findings = LeakAuditor.Audit(_receiver.Payloads, [new KnownSecret("classified", secret)]);

        Assert.Empty(findings);
    }

    [Fact]
    public async Task Audit_PersonalDataParameter_ExportedOnlyAsPseudonym()
    {
        const string userId = "3458764517517852417";

        await LogThroughServiceDefaultsAsync(logger => { User(logger, userId); User(logger, userId); }, "Person line");
        var logs = _receiver.Payloads.Where(p => p.Signal == "logs").ToList();

        Assert.DoesNotContain(logs, p => p.Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(userId)) >= 0);
    }

    [Fact]
    public async Task Audit_ExceptionMessageWithToken_IsScrubbed()
    {
        var token = TestSecrets.NewToken("exception");

        await LogThroughServiceDefaultsAsync(
            logger => Failed(logger, new HttpRequestException($"GET https://example.test/cb?code={token}&state=x failed")), "Failed line");
        var findings = LeakAuditor.Audit(_receiver.Payloads, [new KnownSecret("exception", token)]);

        Assert.Empty(findings);
        Assert.Contains(_receiver.Payloads, p => p.Signal == "logs" && p.Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(nameof(HttpRequestException))) >= 0);
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Careless line {Value}")]
    private static partial void Careless(ILogger logger, string value);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Classified line {Value}")]
    private static partial void Classified(ILogger logger, [Secret] string value);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "Person line {UserId}")]
    private static partial void User(ILogger logger, [PersonalData] string userId);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Error, Message = "Failed line")]
    private static partial void Failed(ILogger logger, Exception exception);
}
