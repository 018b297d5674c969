namespace MiroMcp.AppHost;

/// <summary>
/// Optional AppHost settings that point the secrets gateway at Scaleway Secret Manager or any Scaleway API URL
/// (an emulator, a staging proxy). None is needed for a local run: without them the gateway serves the local
/// values. Keys: <c>Gateway:SecretsBackend</c>, <c>Gateway:ScalewayApiUrl</c>, <c>Gateway:ScalewayProjectId</c>,
/// <c>Gateway:ScalewayRegion</c>, <c>Gateway:ScalewaySecretPath</c>, and the secret parameter
/// <c>scaleway-secret-key</c> (<c>Parameters:scaleway-secret-key</c>).
/// </summary>
internal sealed class ScalewayGatewaySettings
{
    private const string SecretKeyParameter = "scaleway-secret-key";

    private IResourceBuilder<ParameterResource>? _secretKey;
    private string? _apiUrl;
    private string? _projectId;
    private string? _region;
    private string? _secretPath;

    public string Backend { get; private set; } = "local";

    public bool IsLocal => string.Equals(Backend, "local", StringComparison.OrdinalIgnoreCase);

    public static ScalewayGatewaySettings From(IDistributedApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var settings = new ScalewayGatewaySettings
        {
            _apiUrl = configuration["Gateway:ScalewayApiUrl"],
            _projectId = configuration["Gateway:ScalewayProjectId"],
            _region = configuration["Gateway:ScalewayRegion"],
            _secretPath = configuration["Gateway:ScalewaySecretPath"],
        };
        var hasKey = !string.IsNullOrWhiteSpace(configuration[$"Parameters:{SecretKeyParameter}"]);
        settings.Backend = configuration["Gateway:SecretsBackend"] is { Length: > 0 } backend ? backend : hasKey ? "scaleway" : "local";
        if (!settings.IsLocal)
        {
            settings._secretKey = builder.AddParameter(SecretKeyParameter, secret: true);
        }

        return settings;
    }

    public void Apply(IResourceBuilder<ProjectResource> gateway)
    {
        if (_secretKey is not null)
        {
            gateway.WithEnvironment("SCALEWAY_SECRET_KEY", _secretKey);
        }

        SetIfGiven(gateway, "SCALEWAY_API_URL", _apiUrl);
        SetIfGiven(gateway, "SCALEWAY_PROJECT_ID", _projectId);
        SetIfGiven(gateway, "SCALEWAY_REGION", _region);
        SetIfGiven(gateway, "Scaleway__SecretPath", _secretPath);
    }

    private static void SetIfGiven(IResourceBuilder<ProjectResource> gateway, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            gateway.WithEnvironment(name, value);
        }
    }
}
