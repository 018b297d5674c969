using MiroMcp.SecretsGateway;
using MiroMcp.SecretsGateway.Configuration;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayConfiguration();

var app = builder.Build();

if (app.LoadValidated<GatewayOptions>() is not { } options)
{
    return 1;
}

var loadedNames = GatewayConfigurationExtensions.PresentNames(app.Configuration);
Log.ConfigurationLoaded(app.Logger, options.Backend, loadedNames);

app.MapDefaultEndpoints();

await app.RunAsync();
return 0;
