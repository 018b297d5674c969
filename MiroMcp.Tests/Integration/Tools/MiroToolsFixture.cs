using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MiroMcp.Server.Configuration;
using MiroMcp.Server.Miro;
using MiroMcp.Server.Tools;
using MiroMcp.Tests.Fixtures;
using MiroMcp.Tests.Fixtures.Miro;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace MiroMcp.Tests.Integration.Tools;

[CollectionDefinition(Name)]
public sealed class MiroToolsCollection : ICollectionFixture<MiroToolsFixture>
{
    public const string Name = "Miro tools";
}

/// <summary>
/// One Miro emulator and one in-process MCP server (Kestrel on 127.0.0.1, a free port; AddMiroClient pointed at the
/// emulator; AddMiroTools) shared by the tool tests, driven by the C# SDK's real MCP client over Streamable HTTP.
/// </summary>
public sealed class MiroToolsFixture : IAsyncLifetime, IDisposable
{
    private WebApplication? _server;
    private EmulatorTokenSource? _tokens;

    public MiroEmulator Miro { get; private set; } = null!;

    public McpClient Client { get; private set; } = null!;

    internal EmulatorTokenSource Tokens => _tokens!;

    public async Task InitializeAsync()
    {
        Miro = await MiroEmulator.StartAsync();
        _tokens = new EmulatorTokenSource(Miro);
        (_server, var endpoint) = await StartServerAsync(Miro, _tokens, MiroToolProfile.Full);
        Client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint }));
    }

    public async Task DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.StopAsync();
            await _server.DisposeAsync();
        }

        await Miro.DisposeAsync();
    }

    public void Dispose() => _tokens?.Dispose();

    /// <summary>Starts an MCP server host with the lines Program.cs needs: AddServerConfiguration, AddMiroClient,
    /// AddMcpServer().WithHttpTransport().AddMiroTools(builder.Configuration) (profile from MIRO_TOOL_PROFILE), MapMcp.</summary>
    internal static async Task<(WebApplication App, Uri Endpoint)> StartServerAsync(MiroEmulator miro, IMiroAccessTokenSource tokens, MiroToolProfile profile)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ConfigurationNames.MiroClientId] = miro.ClientId,
            [ConfigurationNames.MiroClientSecret] = miro.ClientSecret,
            [ConfigurationNames.MiroRedirectUri] = "http://127.0.0.1:9/oauth/callback",
            [ConfigurationNames.MiroEncryptionKey] = TestSecrets.NewHexKey(),
            [ConfigurationNames.MiroApiBaseUrl] = miro.BaseUrl.ToString(),
            [ConfigurationNames.MiroToolProfile] = profile == MiroToolProfile.Essentials ? "essentials" : "full",
        });
        builder.AddServerConfiguration();
        builder.AddMiroClient();
        builder.Services.AddSingleton(tokens);
        builder.Services.AddMcpServer().WithHttpTransport().AddMiroTools(builder.Configuration);
        var app = builder.Build();
        app.MapMcp("/mcp");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address.TrimEnd('/') + "/mcp"));
    }

    /// <summary>Calls a tool, asserts success and no contract drift, and returns its JSON result.</summary>
    public async Task<JsonNode> CallAsync(string tool, Dictionary<string, object?>? arguments = null)
    {
        var result = await Client.CallToolAsync(tool, arguments);
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(block => block.Text));
        Assert.False(result.IsError == true, $"{tool} failed: {text} {string.Join(Environment.NewLine, Miro.ContractViolations)}");
        Assert.Empty(Miro.ContractViolations);
        return JsonNode.Parse(text)!;
    }

    /// <summary>Calls a tool that must fail and returns the error text the model sees.</summary>
    public async Task<string> CallFailingAsync(string tool, Dictionary<string, object?>? arguments = null)
    {
        var result = await Client.CallToolAsync(tool, arguments);
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(block => block.Text));
        Assert.True(result.IsError == true, $"{tool} should have failed but returned: {text}");
        return text;
    }

    /// <summary>A fresh board for one test.</summary>
    public async Task<string> NewBoardAsync(string name)
    {
        var board = await CallAsync("create_board", new() { ["name"] = name });
        return board["id"]!.GetValue<string>();
    }
}
