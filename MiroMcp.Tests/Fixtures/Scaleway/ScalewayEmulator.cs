using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MiroMcp.Tests.Fixtures.Scaleway;

/// <summary>
/// Scaleway Secret Manager v1beta1 on loopback (Kestrel, port 0): the endpoints the gateway uses and the ones a
/// test needs to rotate secrets, with the wire shapes of scaleway.secret_manager.v1beta1.Api.yml (DESIGN.md §4):
/// <c>X-Auth-Token</c>, access by id or by name and path, revisions as number | <c>latest</c> |
/// <c>latest_enabled</c>, base64 data, the documented error bodies, and a fault switch.
/// </summary>
public sealed class ScalewayEmulator : IAsyncDisposable
{
    public const string Region = "fr-par";
    public const string ApiPrefix = "/secret-manager/v1beta1/regions/{region}";

    private readonly Lock _lock = new();
    private readonly List<Secret> _secrets = [];
    private readonly Dictionary<string, int> _accessCounts = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private int _faultBudget = -1;

    private ScalewayEmulator()
    {
    }

    public string ProjectId { get; } = Guid.NewGuid().ToString();

    /// <summary>The IAM secret key the emulator accepts.</summary>
    public string SecretKey { get; } = TestSecrets.NewToken("scw");

    /// <summary>A key that authenticates but lacks SecretManagerSecretAccess (403 permissions_denied).</summary>
    public string ReadOnlyKey { get; } = TestSecrets.NewToken("scw-ro");

    public Uri BaseUri { get; private set; } = new("http://127.0.0.1/");

    public ScalewayFault Fault { get; private set; }

    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many requests the emulator received.</summary>
    public int RequestCount { get; private set; }

    public static async Task<ScalewayEmulator> StartAsync()
    {
        var emulator = new ScalewayEmulator();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        emulator.Map(app);
        await app.StartAsync();
        var address = app.Urls.First();
        emulator.BaseUri = new Uri(address);
        emulator._app = app;
        return emulator;
    }

    /// <summary>Switches a fault on for the next <paramref name="requests"/> requests (null: until switched off).</summary>
    public void SetFault(ScalewayFault fault, int? requests = null)
    {
        lock (_lock)
        {
            Fault = fault;
            _faultBudget = requests ?? -1;
        }
    }

    /// <summary>How many times a version of <paramref name="name"/> was accessed (payload read).</summary>
    public int AccessCount(string name)
    {
        lock (_lock)
        {
            return _accessCounts.GetValueOrDefault(name);
        }
    }

    public string CreateSecret(string name, string path = "/", bool expiresOnceAccessed = false)
    {
        lock (_lock)
        {
            var now = DateTimeOffset.UtcNow;
            var secret = new Secret(Guid.NewGuid().ToString(), name, path, expiresOnceAccessed, now);
            _secrets.Add(secret);
            return secret.Id;
        }
    }

    /// <summary>Adds a version (as POST …/versions would) and returns its revision.</summary>
    public int AddVersion(string name, string value, bool disablePrevious = false)
    {
        lock (_lock)
        {
            var secret = _secrets.Single(s => s.Name == name);
            return AddVersion(secret, Convert.ToBase64String(Encoding.UTF8.GetBytes(value)), disablePrevious);
        }
    }

    public void SetVersionStatus(string name, int revision, string status)
    {
        lock (_lock)
        {
            var version = _secrets.Single(s => s.Name == name).Versions.Single(v => v.Revision == revision);
            version.Status = status;
            version.UpdatedAt = DateTimeOffset.UtcNow;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private static int AddVersion(Secret secret, string data, bool disablePrevious)
    {
        var now = DateTimeOffset.UtcNow;
        if (disablePrevious)
        {
            foreach (var previous in secret.Versions.Where(v => v.Status == "enabled"))
            {
                previous.Status = "disabled";
                previous.UpdatedAt = now;
            }
        }

        var version = new Version(secret.Versions.Count + 1, data, now) { Status = "enabled", UpdatedAt = now };
        secret.Versions.Add(version);
        secret.UpdatedAt = now;
        return version.Revision;
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            ScalewayFault fault;
            lock (_lock)
            {
                RequestCount++;
                fault = Fault;
                if (fault != ScalewayFault.None && _faultBudget > 0 && --_faultBudget == 0)
                {
                    Fault = ScalewayFault.None;
                }
            }

            switch (fault)
            {
                case ScalewayFault.Down:
                    context.Abort();
                    return;
                case ScalewayFault.Slow:
                    try
                    {
                        await Task.Delay(SlowDelay, context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    break;
                case ScalewayFault.ServerError:
                    await WriteJsonAsync(context, HttpStatusCode.InternalServerError, new JsonObject { ["message"] = "internal error", ["type"] = "internal_error" });
                    return;
                case ScalewayFault.HtmlError:
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    context.Response.ContentType = "text/html";
                    await context.Response.WriteAsync("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>");
                    return;
                case ScalewayFault.Garbage:
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync("<<<\u0000 not json at all");
                    return;
                case ScalewayFault.WrongJson:
                    await WriteJsonAsync(context, HttpStatusCode.OK, new JsonObject { ["unexpected"] = new JsonArray(1, 2, 3) });
                    return;
            }

            var token = context.Request.Headers["X-Auth-Token"].ToString();
            if (token != SecretKey && token != ReadOnlyKey)
            {
                await WriteJsonAsync(context, HttpStatusCode.Unauthorized, new JsonObject
                {
                    ["message"] = "authentication is denied",
                    ["method"] = "api_key",
                    ["reason"] = "invalid_argument",
                    ["type"] = "denied_authentication",
                });
                return;
            }

            if (token == ReadOnlyKey && context.Request.Path.Value!.EndsWith("/access", StringComparison.Ordinal))
            {
                await WriteJsonAsync(context, HttpStatusCode.Forbidden, new JsonObject
                {
                    ["details"] = new JsonArray(new JsonObject { ["action"] = "read", ["resource"] = "secret_manager_secret_access" }),
                    ["message"] = "insufficient permissions",
                    ["type"] = "permissions_denied",
                });
                return;
            }

            await next(context);
        });

        var api = app.MapGroup(ApiPrefix);
        api.MapGet("/secrets", ListSecretsAsync);
        api.MapGet("/secrets/{secretId}/versions/{revision}", GetVersionAsync);
        api.MapGet("/secrets/{secretId}/versions/{revision}/access", AccessByIdAsync);
        api.MapGet("/secrets-by-path/versions/{revision}/access", AccessByPathAsync);
        api.MapPost("/secrets/{secretId}/versions", CreateVersionAsync);
        api.MapPost("/secrets/{secretId}/versions/{revision}/enable",
            (HttpContext context, string region, string secretId, string revision) => SetStatusAsync(context, region, secretId, revision, "enable"));
        api.MapPost("/secrets/{secretId}/versions/{revision}/disable",
            (HttpContext context, string region, string secretId, string revision) => SetStatusAsync(context, region, secretId, revision, "disable"));
    }

    private Task ListSecretsAsync(HttpContext context, string region)
    {
        var query = context.Request.Query;
        lock (_lock)
        {
            var matching = _secrets
                .Where(s => string.IsNullOrEmpty(query["project_id"]) || query["project_id"] == ProjectId)
                .Where(s => string.IsNullOrEmpty(query["name"]) || query["name"] == s.Name)
                .Where(s => string.IsNullOrEmpty(query["path"]) || query["path"] == s.Path)
                .OrderBy(s => s.Name, StringComparer.Ordinal)
                .ToList();
            var page = int.TryParse(query["page"], CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
            var size = int.TryParse(query["page_size"], CultureInfo.InvariantCulture, out var ps) && ps > 0 ? ps : 50;
            var items = new JsonArray(matching.Skip((page - 1) * size).Take(size).Select(s => (JsonNode)SecretJson(s, region)).ToArray());
            return WriteJsonAsync(context, HttpStatusCode.OK, new JsonObject { ["secrets"] = items, ["total_count"] = matching.Count });
        }
    }

    private Task GetVersionAsync(HttpContext context, string region, string secretId, string revision)
    {
        lock (_lock)
        {
            var (secret, version, error) = Resolve(_secrets.FirstOrDefault(s => s.Id == secretId), secretId, revision);
            return error is not null
                ? WriteJsonAsync(context, error.Value.Status, error.Value.Body)
                : WriteJsonAsync(context, HttpStatusCode.OK, VersionJson(secret!, version!, region));
        }
    }

    private Task AccessByIdAsync(HttpContext context, string region, string secretId, string revision)
    {
        lock (_lock)
        {
            return Access(context, _secrets.FirstOrDefault(s => s.Id == secretId), secretId, revision);
        }
    }

    private Task AccessByPathAsync(HttpContext context, string region, string revision)
    {
        var query = context.Request.Query;
        if (string.IsNullOrEmpty(query["secret_name"]) || string.IsNullOrEmpty(query["project_id"]))
        {
            return WriteJsonAsync(context, HttpStatusCode.BadRequest, InvalidArguments("secret_name", "required"));
        }

        var path = string.IsNullOrEmpty(query["secret_path"]) ? "/" : query["secret_path"].ToString();
        lock (_lock)
        {
            var secret = query["project_id"] == ProjectId
                ? _secrets.FirstOrDefault(s => s.Name == query["secret_name"] && s.Path == path)
                : null;
            return Access(context, secret, query["secret_name"].ToString(), revision);
        }
    }

    private Task Access(HttpContext context, Secret? found, string idForErrors, string revision)
    {
        var (secret, version, error) = Resolve(found, idForErrors, revision);
        if (error is not null)
        {
            return WriteJsonAsync(context, error.Value.Status, error.Value.Body);
        }

        if (version!.Status != "enabled")
        {
            return WriteJsonAsync(context, HttpStatusCode.PreconditionFailed, new JsonObject
            {
                ["help_message"] = "the secret version is not enabled",
                ["message"] = "precondition is not respected",
                ["precondition"] = "resource_not_usable",
                ["type"] = "precondition_failed",
            });
        }

        _accessCounts[secret!.Name] = _accessCounts.GetValueOrDefault(secret.Name) + 1;
        var body = new JsonObject
        {
            ["secret_id"] = secret.Id,
            ["revision"] = version.Revision,
            ["data"] = version.Data,
            ["data_crc32"] = null,
            ["type"] = "opaque",
        };
        if (secret.ExpiresOnceAccessed)
        {
            version.Status = "disabled";
            version.UpdatedAt = DateTimeOffset.UtcNow;
        }

        return WriteJsonAsync(context, HttpStatusCode.OK, body);
    }

    private async Task CreateVersionAsync(HttpContext context, string region, string secretId)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body);
        var data = body?["data"]?.GetValue<string>();
        var disablePrevious = body?["disable_previous"]?.GetValue<bool>() ?? false;
        if (data is null)
        {
            await WriteJsonAsync(context, HttpStatusCode.BadRequest, InvalidArguments("data", "required"));
            return;
        }

        JsonObject answer;
        lock (_lock)
        {
            var secret = _secrets.FirstOrDefault(s => s.Id == secretId);
            if (secret is null)
            {
                answer = NotFound(secretId);
            }
            else
            {
                var revision = AddVersion(secret, data, disablePrevious);
                answer = VersionJson(secret, secret.Versions[revision - 1], region);
            }
        }

        await WriteJsonAsync(context, answer.ContainsKey("type") && !answer.ContainsKey("revision") ? HttpStatusCode.NotFound : HttpStatusCode.OK, answer);
    }

    private Task SetStatusAsync(HttpContext context, string region, string secretId, string revision, string action)
    {
        lock (_lock)
        {
            var (secret, version, error) = Resolve(_secrets.FirstOrDefault(s => s.Id == secretId), secretId, revision);
            if (error is not null)
            {
                return WriteJsonAsync(context, error.Value.Status, error.Value.Body);
            }

            version!.Status = action == "enable" ? "enabled" : "disabled";
            version.UpdatedAt = DateTimeOffset.UtcNow;
            return WriteJsonAsync(context, HttpStatusCode.OK, VersionJson(secret!, version, region));
        }
    }

    private static (Secret? Secret, Version? Version, (HttpStatusCode Status, JsonObject Body)? Error) Resolve(Secret? secret, string id, string revision)
    {
        if (secret is null)
        {
            return (null, null, (HttpStatusCode.NotFound, NotFound(id)));
        }

        Version? version;
        if (revision == "latest")
        {
            version = secret.Versions.LastOrDefault(v => v.Status != "deleted");
        }
        else if (revision == "latest_enabled")
        {
            version = secret.Versions.LastOrDefault(v => v.Status == "enabled");
        }
        else if (int.TryParse(revision, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            version = secret.Versions.FirstOrDefault(v => v.Revision == number && v.Status != "deleted");
        }
        else
        {
            return (secret, null, (HttpStatusCode.BadRequest, InvalidArguments("revision", "must be a number, latest or latest_enabled")));
        }

        return version is null
            ? (secret, null, (HttpStatusCode.NotFound, new JsonObject
            {
                ["message"] = "resource is not found",
                ["resource"] = "secret_version",
                ["resource_id"] = revision,
                ["type"] = "not_found",
            }))
            : (secret, version, null);
    }

    private static JsonObject NotFound(string id) => new()
    {
        ["message"] = "resource is not found",
        ["resource"] = "secret",
        ["resource_id"] = id,
        ["type"] = "not_found",
    };

    private static JsonObject InvalidArguments(string argument, string reason) => new()
    {
        ["details"] = new JsonArray(new JsonObject { ["argument_name"] = argument, ["help_message"] = reason, ["reason"] = "constraint" }),
        ["message"] = "invalid argument(s)",
        ["type"] = "invalid_arguments",
    };

    private JsonObject SecretJson(Secret secret, string region) => new()
    {
        ["id"] = secret.Id,
        ["project_id"] = ProjectId,
        ["name"] = secret.Name,
        ["status"] = "ready",
        ["created_at"] = Timestamp(secret.CreatedAt),
        ["updated_at"] = Timestamp(secret.UpdatedAt),
        ["tags"] = new JsonArray(),
        ["version_count"] = secret.Versions.Count,
        ["description"] = null,
        ["managed"] = false,
        ["protected"] = false,
        ["type"] = "opaque",
        ["path"] = secret.Path,
        ["ephemeral_policy"] = secret.ExpiresOnceAccessed
            ? new JsonObject { ["time_to_live"] = null, ["expires_once_accessed"] = true, ["action"] = "disable" }
            : null,
        ["used_by"] = new JsonArray(),
        ["deletion_requested_at"] = null,
        ["key_id"] = null,
        ["region"] = region,
    };

    private static JsonObject VersionJson(Secret secret, Version version, string region) => new()
    {
        ["revision"] = version.Revision,
        ["secret_id"] = secret.Id,
        ["status"] = version.Status,
        ["created_at"] = Timestamp(version.CreatedAt),
        ["updated_at"] = Timestamp(version.UpdatedAt),
        ["deleted_at"] = null,
        ["description"] = null,
        ["latest"] = version.Revision == secret.Versions.Count,
        ["ephemeral_properties"] = secret.ExpiresOnceAccessed
            ? new JsonObject { ["expires_at"] = null, ["expires_once_accessed"] = true, ["action"] = "disable" }
            : null,
        ["deletion_requested_at"] = null,
        ["region"] = region,
    };

    private static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static async Task WriteJsonAsync(HttpContext context, HttpStatusCode status, JsonObject body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private sealed class Secret(string id, string name, string path, bool expiresOnceAccessed, DateTimeOffset createdAt)
    {
        public string Id { get; } = id;

        public string Name { get; } = name;

        public string Path { get; } = path;

        public bool ExpiresOnceAccessed { get; } = expiresOnceAccessed;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public DateTimeOffset UpdatedAt { get; set; } = createdAt;

        public List<Version> Versions { get; } = [];
    }

    private sealed class Version(int revision, string data, DateTimeOffset createdAt)
    {
        public int Revision { get; } = revision;

        public string Data { get; } = data;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public DateTimeOffset UpdatedAt { get; set; } = createdAt;

        public string Status { get; set; } = "enabled";
    }
}
