using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MiroMcp.Server.Configuration;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Integration.SecretsGateway;

/// <summary>The server's start-up with and without a gateway: values, and the one-line failures.</summary>
public sealed class ServerSecretsStartupTests
{
    private const string ClientId = "3458764500000000000";
    private const string RedirectUri = "http://127.0.0.1:5180/oauth/callback";

    private readonly string _serverToken = TestSecrets.NewToken("server");
    private readonly string _clientSecret = TestSecrets.NewToken("client-secret");
    private readonly string _key = TestSecrets.NewHexKey();

    private static ValidateOptionsResult StartServerSide(Dictionary<string, string?> settings, out ServerOptions options)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServerConfiguration();
        using var host = builder.Build();
        try
        {
            // The registered validator runs here, as at the server's start-up.
            options = host.Services.GetRequiredService<IOptionsMonitor<ServerOptions>>().CurrentValue;
            return ValidateOptionsResult.Success;
        }
        catch (OptionsValidationException ex)
        {
            options = new ServerOptions();
            return ValidateOptionsResult.Fail(ex.Failures);
        }
    }

    private Task<GatewayHost> LocalGatewayAsync(bool withClientSecret = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SECRETS_BACKEND"] = "local",
            ["SECRETS_GATEWAY_TOKEN"] = _serverToken,
            ["MIRO_ENCRYPTION_KEY"] = _key,
        };
        if (withClientSecret)
        {
            settings["MIRO_CLIENT_SECRET"] = _clientSecret;
        }

        return GatewayHost.StartAsync(settings);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task AddServerConfiguration_GatewayUrlAndToken_LoadsSecretsFromGateway()
    {
        await using var gateway = await LocalGatewayAsync();

        var result = StartServerSide(new()
        {
            ["MIRO_CLIENT_ID"] = ClientId,
            ["MIRO_REDIRECT_URI"] = RedirectUri,
            ["SECRETS_GATEWAY_URL"] = gateway.BaseUri.ToString(),
            ["SECRETS_GATEWAY_TOKEN"] = _serverToken,
        }, out var options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(_clientSecret, options.MiroClientSecret);
        Assert.Equal(_key, options.MiroEncryptionKey);
        Assert.True(options.SecretsFromGateway);
    }

    [Fact]
    public async Task AddServerConfiguration_AspireServiceDiscoveryKey_FindsTheGateway()
    {
        await using var gateway = await LocalGatewayAsync();

        var result = StartServerSide(new()
        {
            ["MIRO_CLIENT_ID"] = ClientId,
            ["MIRO_REDIRECT_URI"] = RedirectUri,
            ["services:secrets-gateway:http:0"] = gateway.BaseUri.ToString(),
            ["SECRETS_GATEWAY_TOKEN"] = _serverToken,
        }, out var options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(_clientSecret, options.MiroClientSecret);
    }

    [Fact]
    public void AddServerConfiguration_NoGateway_UsesEnvironmentVariables()
    {
        var result = StartServerSide(new()
        {
            ["MIRO_CLIENT_ID"] = ClientId,
            ["MIRO_REDIRECT_URI"] = RedirectUri,
            ["MIRO_CLIENT_SECRET"] = _clientSecret,
            ["MIRO_ENCRYPTION_KEY"] = _key,
        }, out var options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.False(options.SecretsFromGateway);
        Assert.Equal(_clientSecret, options.MiroClientSecret);
    }

    [Fact]
    public async Task AddServerConfiguration_GatewayLacksSecret_NamesItInTheFailure()
    {
        await using var gateway = await LocalGatewayAsync(withClientSecret: false);

        var result = StartServerSide(new()
        {
            ["MIRO_CLIENT_ID"] = ClientId,
            ["MIRO_REDIRECT_URI"] = RedirectUri,
            ["SECRETS_GATEWAY_URL"] = gateway.BaseUri.ToString(),
            ["SECRETS_GATEWAY_TOKEN"] = _serverToken,
        }, out _);

        Assert.Equal(["Secret MIRO_CLIENT_SECRET not found in the secrets gateway"], result.Failures);
    }

    [Fact]
    public async Task AddServerConfiguration_WrongToken_FailsNamingTheToken()
    {
        await using var gateway = await LocalGatewayAsync();

        var result = StartServerSide(new()
        {
            ["MIRO_CLIENT_ID"] = ClientId,
            ["MIRO_REDIRECT_URI"] = RedirectUri,
            ["SECRETS_GATEWAY_URL"] = gateway.BaseUri.ToString(),
            ["SECRETS_GATEWAY_TOKEN"] = "not-the-token",
        }, out _);

        Assert.Equal(
            [
                "Secrets gateway unavailable: the secrets gateway refused SECRETS_GATEWAY_TOKEN (401)",
                "Secret MIRO_CLIENT_SECRET not found in the secrets gateway",
                "Secret MIRO_ENCRYPTION_KEY not found in the secrets gateway",
            ],
            result.Failures);
    }

    [Fact]
    public void AddServerConfiguration_GatewayUrlWithoutToken_NamesTheToken()
    {
        var result = StartServerSide(new()
        {
            ["MIRO_CLIENT_ID"] = ClientId,
            ["MIRO_REDIRECT_URI"] = RedirectUri,
            ["SECRETS_GATEWAY_URL"] = "http://127.0.0.1:1/",
        }, out _);

        Assert.Contains("Environment variable SECRETS_GATEWAY_TOKEN not found (a secrets gateway is configured)", result.Failures!);
    }

    [Fact]
    public void Provider_GatewayUnreachable_GivesUpAfterBoundedAttemptsWithReason()
    {
        var attempts = 0;
        using var handler = new CountingHandler(() => attempts++);
        var configuration = new ConfigurationBuilder()
            .Add(new SecretsGatewayConfigurationSource(new SecretsGatewaySettings
            {
                BaseUri = new Uri($"http://127.0.0.1:{ClosedPort()}/"),
                Token = _serverToken,
                StartupAttempts = 3,
                StartupRetryDelay = TimeSpan.Zero,
                Handler = handler,
            }))
            .Build();
        using var _ = configuration as IDisposable;

        Assert.Equal(3, attempts);
        Assert.Contains("could not be reached", configuration[SecretsGatewayConfigurationProvider.ErrorKey], StringComparison.Ordinal);
        Assert.Null(configuration[ConfigurationNames.MiroClientSecret]);
    }

    [Fact]
    public async Task ServerProcess_GatewayUnreachable_ExitsWithOneLineNamingWhatIsMissing()
    {
        var port = ClosedPort();
        var result = await ServiceProcess.RunToExitAsync(
            typeof(ServerOptions).Assembly.Location,
            new Dictionary<string, string>
            {
                ["MIRO_CLIENT_ID"] = ClientId,
                ["MIRO_REDIRECT_URI"] = RedirectUri,
                ["SECRETS_GATEWAY_URL"] = $"http://127.0.0.1:{port}",
                ["SECRETS_GATEWAY_TOKEN"] = _serverToken,
            },
            TimeSpan.FromSeconds(90));

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StandardError.Trim().Split('\n'));
        Assert.StartsWith($"Failed to load configuration: Secrets gateway unavailable: the secrets gateway at http://127.0.0.1:{port}/ could not be reached", line, StringComparison.Ordinal);
        Assert.EndsWith("Secret MIRO_CLIENT_SECRET not found in the secrets gateway; Secret MIRO_ENCRYPTION_KEY not found in the secrets gateway", line, StringComparison.Ordinal);
    }

    private sealed class CountingHandler(Action onSend) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onSend();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
