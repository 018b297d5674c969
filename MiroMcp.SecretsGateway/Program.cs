using MiroMcp.SecretsGateway;
using MiroMcp.SecretsGateway.Apis;
using MiroMcp.SecretsGateway.Configuration;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddSecretsGateway();

var app = builder.Build();

if (app.LoadValidated<GatewayOptions>() is not { } options)
{
    return 1;
}

var loadedNames = GatewayConfigurationExtensions.PresentNames(app.Configuration);
Log.ConfigurationLoaded(app.Logger, options.Backend, loadedNames);
var required = string.Join(", ", options.RequiredSecrets);
var callers = string.Join(", ", app.Services.GetRequiredService<CallerRegistry>().CallerNames);
Log.GatewayReady(app.Logger, required, callers);

app.MapSecretsGateway();

await app.RunAsync();
return 0;
