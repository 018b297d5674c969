using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MiroMcp.Server.Configuration;

/// <summary>
/// Loads MIRO_CLIENT_SECRET, MIRO_ENCRYPTION_KEY and MIRO_ENCRYPTION_KEY_PREVIOUS from the secrets gateway at
/// start-up (bounded retries) and refreshes them every <see cref="SecretsGatewaySettings.RefreshInterval"/>,
/// calling <see cref="ConfigurationProvider.OnReload"/> when a value changed, so that IOptionsMonitor sees a
/// rotation without a restart. Runs before the host exists: its own HttpClient, no DI; log lines wait for
/// <see cref="AttachLogger"/>. A start-up failure leaves the secrets absent and records why under
/// <see cref="ErrorKey"/> for the options validator's one-line message.
/// </summary>
internal sealed class SecretsGatewayConfigurationProvider : ConfigurationProvider, IDisposable
{
    /// <summary>Internal marker keys (not environment names): why loading failed, and that a gateway is the source.</summary>
    public const string ErrorKey = "MiroMcp:SecretsGateway:Error";
    public const string SourceKey = "MiroMcp:SecretsGateway:Source";

    public static readonly string[] SecretNames =
        [ConfigurationNames.MiroClientSecret, ConfigurationNames.MiroEncryptionKey, ConfigurationNames.MiroEncryptionKeyPrevious];

    private readonly SecretsGatewaySettings _settings;
    private readonly HttpClient _http;
    private readonly Uri _requestUri;
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private int _refreshing;
    private ILogger? _logger;
    private Dictionary<string, int> _revisions = new(StringComparer.Ordinal);

    public SecretsGatewayConfigurationProvider(SecretsGatewaySettings settings)
    {
        _settings = settings;
        _http = settings.Handler is { } handler ? new HttpClient(handler, disposeHandler: false) : new HttpClient();
        _http.Timeout = settings.RequestTimeout;
        var query = string.Join("&", SecretNames.Select(name => "name=" + Uri.EscapeDataString(name)));
        _requestUri = new Uri(settings.BaseUri, "/v1/secrets?" + query);
    }

    /// <summary>Raised after a refresh changed at least one value (tests and diagnostics).</summary>
    public event Action<IReadOnlyCollection<string>>? SecretsChanged;

    /// <summary>When the last successful read from the gateway happened.</summary>
    public DateTimeOffset? LastSuccess { get; private set; }

    public override void Load()
    {
        string? failure = null;
        for (var attempt = 1; attempt <= Math.Max(1, _settings.StartupAttempts); attempt++)
        {
            try
            {
                var read = FetchAsync(CancellationToken.None).GetAwaiter().GetResult();
                Apply(read, isRefresh: false);
                failure = null;
                break;
            }
            catch (GatewayReadException ex)
            {
                failure = ex.Message;
                if (!ex.IsTransient || attempt == _settings.StartupAttempts)
                {
                    break;
                }

                Task.Delay(_settings.StartupRetryDelay, _settings.TimeProvider).GetAwaiter().GetResult();
            }
        }

        if (failure is not null)
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { [SourceKey] = "gateway", [ErrorKey] = failure };
            Data = data;
        }

        _timer ??= _settings.TimeProvider.CreateTimer(
            static state => _ = ((SecretsGatewayConfigurationProvider)state!).RefreshAsync(CancellationToken.None),
            this, _settings.RefreshInterval, _settings.RefreshInterval);
    }

    /// <summary>Gives the provider a logger once the host exists (see <see cref="SecretsGatewayLoggerAttacher"/>).</summary>
    public void AttachLogger(ILogger logger)
    {
        _logger = logger;
        if (TryGet(ErrorKey, out var error) && error is not null)
        {
            Log.SecretsGatewayLoadFailed(logger, error);
        }
        else
        {
            var names = string.Join(", ", SecretNames.Where(name => TryGet(name, out _)));
            Log.SecretsLoadedFromGateway(logger, _settings.BaseUri, names);
        }
    }

    /// <summary>One refresh: asks the gateway, reloads configuration when a value changed. Never throws.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _refreshing, 1) == 1)
        {
            return false;
        }

        try
        {
            var read = await FetchAsync(cancellationToken);
            return Apply(read, isRefresh: true);
        }
        catch (GatewayReadException ex)
        {
            if (_logger is { } logger)
            {
                Log.SecretsRefreshFailed(logger, ex.Message);
            }

            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            Interlocked.Exchange(ref _refreshing, 0);
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _http.Dispose();
    }

    private bool Apply(GatewayRead read, bool isRefresh)
    {
        List<string> changed;
        lock (_lock)
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { [SourceKey] = "gateway" };
            foreach (var (name, value) in read.Values)
            {
                data[name] = value;
            }

            // A rotation without an explicit previous key: keep the old one in memory so that records encrypted
            // with it can still be read and re-encrypted.
            if (isRefresh
                && !read.Values.ContainsKey(ConfigurationNames.MiroEncryptionKeyPrevious)
                && TryGet(ConfigurationNames.MiroEncryptionKey, out var oldKey) && oldKey is not null
                && read.Values.TryGetValue(ConfigurationNames.MiroEncryptionKey, out var newKey)
                && !string.Equals(oldKey, newKey, StringComparison.Ordinal))
            {
                data[ConfigurationNames.MiroEncryptionKeyPrevious] = oldKey;
            }
            else if (isRefresh && !read.Values.ContainsKey(ConfigurationNames.MiroEncryptionKeyPrevious)
                && TryGet(ConfigurationNames.MiroEncryptionKeyPrevious, out var keptPrevious) && keptPrevious is not null)
            {
                data[ConfigurationNames.MiroEncryptionKeyPrevious] = keptPrevious;
            }

            changed = SecretNames
                .Where(name => !string.Equals(Get(Data, name), Get(data, name), StringComparison.Ordinal))
                .ToList();
            if (isRefresh && changed.Count == 0 && !Data.ContainsKey(ErrorKey))
            {
                LastSuccess = _settings.TimeProvider.GetUtcNow();
                return false;
            }

            Data = data;
            _revisions = read.Revisions;
            LastSuccess = _settings.TimeProvider.GetUtcNow();
        }

        if (isRefresh)
        {
            if (_logger is { } logger)
            {
                var described = string.Join(", ", changed.Select(name =>
                    _revisions.TryGetValue(name, out var revision) ? $"{name} (revision {revision.ToString(CultureInfo.InvariantCulture)})" : name));
                Log.SecretsRotated(logger, described);
            }

            OnReload();
            SecretsChanged?.Invoke(changed);
        }

        return true;
    }

    private static string? Get(IDictionary<string, string?> data, string key) => data.TryGetValue(key, out var value) ? value : null;

    private async Task<GatewayRead> FetchAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _requestUri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _settings.Token);
        if (_settings.AccessKey is { } accessKey)
        {
            // A private Scaleway Serverless Container admits only requests carrying an IAM key in X-Auth-Token.
            request.Headers.TryAddWithoutValidation("X-Auth-Token", accessKey);
        }
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new GatewayReadException($"the secrets gateway at {_settings.BaseUri} could not be reached ({ex.HttpRequestError})", true, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GatewayReadException($"the secrets gateway at {_settings.BaseUri} did not answer within {_settings.RequestTimeout}", true, ex);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.StatusCode is HttpStatusCode.Unauthorized)
            {
                throw new GatewayReadException($"the secrets gateway refused {ConfigurationNames.SecretsGatewayToken} (401)", false);
            }

            if (response.StatusCode is HttpStatusCode.Forbidden)
            {
                throw new GatewayReadException("the secrets gateway does not allow this server to read its secrets (403)", false);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new GatewayReadException(
                    $"the secrets gateway answered {status.ToString(CultureInfo.InvariantCulture)}{await DetailAsync(response, cancellationToken)}", status >= 500);
            }

            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                var revisions = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var secret in document.RootElement.GetProperty("secrets").EnumerateArray())
                {
                    var name = secret.GetProperty("name").GetString();
                    var value = secret.GetProperty("value").GetString();
                    if (name is not null && value is not null && SecretNames.Contains(name, StringComparer.Ordinal))
                    {
                        values[name] = value;
                        revisions[name] = secret.TryGetProperty("revision", out var revision) && revision.TryGetInt32(out var number) ? number : 0;
                    }
                }

                return new GatewayRead(values, revisions);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new GatewayReadException("the secrets gateway answered with a body that is not the expected JSON", true, ex);
            }
        }
    }

    /// <summary>The problem-details "detail" of an error answer (names only, by the gateway's contract).</summary>
    private static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { } text
                ? new StringBuilder(": ").Append(text).ToString()
                : string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }

    private sealed record GatewayRead(Dictionary<string, string> Values, Dictionary<string, int> Revisions)
    {
        public override string ToString() => $"{nameof(GatewayRead)} {{ Names = {string.Join(",", Values.Keys)}, Values = *** }}";
    }

    private sealed class GatewayReadException(string message, bool isTransient, Exception? inner = null) : Exception(message, inner)
    {
        public bool IsTransient { get; } = isTransient;
    }
}

/// <summary>Hands the configuration provider a logger once the host is built (it runs before DI exists).</summary>
internal sealed class SecretsGatewayLoggerAttacher(IConfiguration configuration, ILoggerFactory loggerFactory) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration is IConfigurationRoot root)
        {
            foreach (var provider in root.Providers.OfType<SecretsGatewayConfigurationProvider>())
            {
                provider.AttachLogger(loggerFactory.CreateLogger<SecretsGatewayConfigurationProvider>());
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
