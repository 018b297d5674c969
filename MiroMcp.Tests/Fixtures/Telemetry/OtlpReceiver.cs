using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MiroMcp.Tests.Fixtures.Telemetry;

/// <summary>One OTLP/HTTP export request as received (decompressed), with what the walker read from it.</summary>
public sealed record OtlpPayload(string Signal, byte[] Body, IReadOnlyList<(string Service, int Records)> Resources);

/// <summary>
/// An OTLP/HTTP (http/protobuf) collector for tests: Kestrel on 127.0.0.1:0 accepting POST /v1/traces, /v1/logs
/// and /v1/metrics; keeps every payload so that tests can audit everything the services exported.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    public static readonly string[] Signals = ["traces", "logs", "metrics"];

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpPayload> _payloads = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>Base URL for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/&lt;signal&gt;).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<OtlpPayload> Payloads => [.. _payloads];

    public static async Task<OtlpReceiver> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", receiver.ReceiveAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUrl = new Uri(address);
        return receiver;
    }

    /// <summary>Records per service.name for one signal, summed over every payload so far.</summary>
    public IReadOnlyDictionary<string, int> RecordCounts(string signal) =>
        Payloads.Where(payload => payload.Signal == signal)
            .SelectMany(payload => payload.Resources)
            .GroupBy(resource => resource.Service, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Sum(resource => resource.Records), StringComparer.Ordinal);

    /// <summary>Polls (bounded) until the condition over the payloads holds; throws a timeout naming what was seen.</summary>
    public async Task WaitUntilAsync(Func<OtlpReceiver, bool> condition, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!condition(this))
        {
            try
            {
                await timer.WaitForNextTickAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Telemetry never showed {what} within {timeout}. Seen: {Describe()}");
            }
        }
    }

    public string Describe() => string.Join("; ", Signals.Select(signal =>
        $"{signal}: " + string.Join(", ", RecordCounts(signal).Select(pair => $"{pair.Key}={pair.Value}"))));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(string signal, HttpRequest request)
    {
        if (!Signals.Contains(signal, StringComparer.Ordinal))
        {
            return Results.NotFound();
        }

        using var buffer = new MemoryStream();
        if (request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            await using var gzip = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
            await gzip.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        }
        else
        {
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        }

        var body = buffer.ToArray();
        _payloads.Enqueue(new OtlpPayload(signal, body, [.. ProtobufWalker.RecordsPerService(body)]));
        // An empty Export*ServiceResponse: full success.
        return Results.Bytes([], "application/x-protobuf");
    }
}
