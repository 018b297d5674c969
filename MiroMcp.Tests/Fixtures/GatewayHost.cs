using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using MiroMcp.SecretsGateway;
using MiroMcp.Tests.Fixtures.Scaleway;

namespace MiroMcp.Tests.Fixtures;

/// <summary>
/// The real secrets gateway (same registration as its Program.cs) on Kestrel at 127.0.0.1:0, configured only by
/// the settings given (nothing from the environment), with its logs in a <see cref="FakeLogCollector"/>.
/// </summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public IServiceProvider Services => _app.Services;

    public FakeLogCollector Logs => _app.Services.GetFakeLogCollector();

    /// <summary>Settings for a gateway reading the emulator, with the given caller token and short time-outs.</summary>
    public static Dictionary<string, string?> ScalewaySettings(ScalewayEmulator emulator, string serverToken) => new()
    {
        ["SECRETS_BACKEND"] = "scaleway",
        ["SECRETS_GATEWAY_TOKEN"] = serverToken,
        ["SCALEWAY_API_URL"] = emulator.BaseUri.ToString(),
        ["SCALEWAY_PROJECT_ID"] = emulator.ProjectId,
        ["SCALEWAY_REGION"] = ScalewayEmulator.Region,
        ["SCALEWAY_SECRET_KEY"] = emulator.SecretKey,
        ["Cache:RetryBaseDelay"] = "00:00:00.010",
        ["Cache:RetryMaxDelay"] = "00:00:00.050",
        ["Cache:UpstreamTimeout"] = "00:00:02",
    };

    public static async Task<GatewayHost> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ApplicationName = typeof(GatewayServiceExtensions).Assembly.GetName().Name,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFakeLogging();

        builder.AddServiceDefaults();
        builder.AddSecretsGateway();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapSecretsGateway();
        await app.StartAsync();
        var address = app.Urls.First();
        return new GatewayHost(app, new Uri(address));
    }

    public HttpClient CreateClient(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
