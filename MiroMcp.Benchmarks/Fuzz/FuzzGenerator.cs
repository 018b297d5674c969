using System.Globalization;
using System.Text;

namespace MiroMcp.Benchmarks.Fuzz;

/// <summary>Where a fuzz case goes.</summary>
internal enum FuzzTarget
{
    Server,
    Gateway,
}

/// <summary>One malformed (or borderline) request; <see cref="Description"/> says how it was made, for reproduction.</summary>
internal sealed record FuzzCase(
    FuzzTarget Target,
    HttpMethod Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[]? Body,
    string? ContentType,
    string Description);

/// <summary>
/// Issue #9: a seeded generator of malformed requests against the server (JSON-RPC bodies on /mcp with and without a
/// valid token, transport headers, OAuth form posts to /token and /authorize, registration documents, metadata and
/// unknown paths) and the secrets gateway (/v1 calls). The same seed gives the same sequence of cases, so a failure
/// is reproduced with <c>fuzz --seed S --requests N</c> (the case number is in the report).
/// </summary>
internal sealed class FuzzGenerator(int seed, string? validToken, string? gatewayToken)
{
    private static readonly string[] Tools = ["who_am_i", "get_board", "list_boards", "create_sticky_note", "list_items", "search_tools", "create_board", "update_item", "no_such_tool", "", "../etc/passwd"];
    private static readonly string[] Methods = ["initialize", "tools/list", "tools/call", "resources/list", "resources/read", "resources/templates/list", "prompts/list", "prompts/get", "ping", "completion/complete", "logging/setLevel", "notifications/initialized", "notifications/cancelled", "sampling/createMessage", "unknown/method", "", "tools/", "$/cancel"];
    private static readonly string[] GrantTypes = ["authorization_code", "refresh_token", "client_credentials", "password", "urn:ietf:params:oauth:grant-type:device_code", "implicit", "", "AUTHORIZATION_CODE"];
    private static readonly string[] ServerPaths = ["/mcp", "/token", "/authorize", "/register", "/oauth/callback", "/.well-known/oauth-authorization-server", "/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp", "/.well-known/openid-configuration", "/health", "/alive", "/", "/mcp/", "/MCP", "/revoke", "/introspect", "/jwks", "/.well-known/jwks", "/nope"];
    private readonly Random _random = new(seed);

    public int Seed => seed;

    public FuzzCase Next(int number)
    {
        var kind = _random.Next(100);
        return kind switch
        {
            < 30 => McpBody(number),
            < 42 => McpHeaders(number),
            < 57 => TokenForm(number),
            < 67 => Authorize(number),
            < 80 => Registration(number),
            < 90 => gatewayToken is null ? McpBody(number) : Gateway(number),
            _ => AnyPath(number),
        };
    }

    private FuzzCase McpBody(int number)
    {
        var (body, how) = _random.Next(10) switch
        {
            0 => (Mutate(Encoding.UTF8.GetBytes(ValidRpc())), "mutated JSON-RPC bytes"),
            1 => (Encoding.UTF8.GetBytes(Truncate(ValidRpc())), "truncated JSON-RPC"),
            2 => (RandomBytes(_random.Next(0, 512)), "random bytes"),
            3 => (Encoding.UTF8.GetBytes(Nested(_random.Next(1, 2_000))), "deep nesting"),
            4 => (Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Range(0, _random.Next(0, 5)).Select(_ => WeirdRpc())) + "]"), "batch"),
            _ => (Encoding.UTF8.GetBytes(WeirdRpc()), "wrong JSON-RPC shape"),
        };
        var token = TokenChoice(out var tokenHow);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Accept", "application/json, text/event-stream"),
            new("MCP-Protocol-Version", Pick("2025-11-25", "2025-06-18", "2025-03-26", "2026-07-28")),
        };
        AddToken(headers, token);
        return new FuzzCase(FuzzTarget.Server, HttpMethod.Post, "/mcp", headers, body, "application/json", $"#{number} POST /mcp {how}, {tokenHow}");
    }

    private FuzzCase McpHeaders(int number)
    {
        var headers = new List<KeyValuePair<string, string>>();
        var notes = new List<string>();
        if (_random.Next(3) > 0)
        {
            var accept = Pick("application/json, text/event-stream", "application/json", "text/event-stream", "text/html", "*/*", "", "application/json;q=0, text/event-stream;q=0", Garbage(40));
            headers.Add(new("Accept", accept));
            notes.Add("Accept=" + accept);
        }

        if (_random.Next(3) > 0)
        {
            var version = Pick("2025-11-25", "2024-11-05", "1999-01-01", "2026-07-28", "latest", "", Garbage(30), new string('9', 300));
            headers.Add(new("MCP-Protocol-Version", version));
            notes.Add("version=" + version);
        }

        if (_random.Next(3) == 0)
        {
            var origin = Pick("https://evil.example", "null", "http://127.0.0.1", "http://localhost:1", Garbage(20), "file://");
            headers.Add(new("Origin", origin));
            notes.Add("Origin=" + origin);
        }

        if (_random.Next(4) == 0)
        {
            var host = Pick("evil.example", "localhost:1", "127.0.0.1:99999", "[::1]", "a b", "xn--", Garbage(10));
            headers.Add(new("Host", host));
            notes.Add("Host=" + host);
        }

        if (_random.Next(5) == 0)
        {
            var session = Pick("bogus", "", Garbage(64), new string('a', 5_000));
            headers.Add(new("Mcp-Session-Id", session));
            notes.Add("session");
        }

        AddToken(headers, TokenChoice(out var tokenHow));
        notes.Add(tokenHow);
        var contentType = Pick("application/json", "text/plain", "application/json; charset=utf-16", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "application/json; charset=nonsense", Garbage(20));
        var method = Pick(HttpMethod.Post, HttpMethod.Post, HttpMethod.Get, HttpMethod.Delete, HttpMethod.Put, HttpMethod.Options, HttpMethod.Head, HttpMethod.Patch);
        var body = method == HttpMethod.Get || method == HttpMethod.Head ? null : Encoding.UTF8.GetBytes(_random.Next(2) == 0 ? ValidRpc() : WeirdRpc());
        return new FuzzCase(FuzzTarget.Server, method, Pick("/mcp", "/mcp", "/mcp?access_token=x", "/mcp?x=%zz"), headers, body, body is null ? null : contentType,
            $"#{number} {method} /mcp headers [{string.Join("; ", notes)}] Content-Type={contentType}");
    }

    private FuzzCase TokenForm(int number)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var name in new[] { "grant_type", "client_id", "code", "code_verifier", "redirect_uri", "resource", "refresh_token", "scope", "client_secret", "client_assertion" })
        {
            if (_random.Next(3) == 0)
            {
                continue;
            }

            fields.Add(new(name, name switch
            {
                "grant_type" => _random.Next(4) == 0 ? Garbage(20) : Pick(GrantTypes),
                "redirect_uri" => Pick("https://claude.ai/api/mcp/auth_callback", "javascript:alert(1)", "http://evil.example/cb", "", Garbage(50)),
                "resource" => Pick("http://127.0.0.1/mcp", "https://evil.example/mcp", "", "not a uri", Garbage(30)),
                _ => RandomValue(),
            }));
            if (_random.Next(10) == 0)
            {
                fields.Add(new(name, RandomValue()));
            }
        }

        var (body, contentType, how) = _random.Next(6) switch
        {
            0 => (Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(fields.DistinctBy(f => f.Key).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal))), "application/json", "JSON instead of a form"),
            1 => (Mutate(Form(fields)), "application/x-www-form-urlencoded", "mutated form"),
            2 => (Encoding.ASCII.GetBytes("grant_type=%zz&code=%&client_id=%E0%A4%A"), "application/x-www-form-urlencoded", "bad percent-encoding"),
            _ => (Form(fields), Pick("application/x-www-form-urlencoded", "application/x-www-form-urlencoded", "text/plain", "application/x-www-form-urlencoded; charset=latin1"), "form"),
        };
        var headers = new List<KeyValuePair<string, string>>();
        if (_random.Next(5) == 0)
        {
            headers.Add(new("Authorization", Pick("Basic " + Convert.ToBase64String(RandomBytes(20)), "Basic !!!", "Bearer x", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Garbage(10) + ":" + Garbage(10))))));
        }

        return new FuzzCase(FuzzTarget.Server, HttpMethod.Post, "/token", headers, body, contentType, $"#{number} POST /token {how} [{string.Join('&', fields.Select(f => f.Key))}]");
    }

    private FuzzCase Authorize(int number)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var name in new[] { "response_type", "client_id", "redirect_uri", "code_challenge", "code_challenge_method", "state", "scope", "resource", "decision", "csrf", "request", "prompt" })
        {
            if (_random.Next(3) == 0)
            {
                continue;
            }

            fields.Add(new(name, name switch
            {
                "response_type" => Pick("code", "token", "code id_token", "", Garbage(8)),
                "code_challenge_method" => Pick("S256", "plain", "", "s256", Garbage(5)),
                "redirect_uri" => Pick("https://claude.ai/api/mcp/auth_callback", "javascript:alert(1)", "http://evil.example/cb", "", Garbage(50)),
                "decision" => Pick("approve", "deny", "", Garbage(10)),
                "scope" => Pick("boards:read", "boards:read boards:write", "openid", "admin", "", Garbage(30)),
                _ => RandomValue(),
            }));
        }

        var query = string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));
        if (_random.Next(2) == 0)
        {
            return new FuzzCase(FuzzTarget.Server, HttpMethod.Get, "/authorize?" + (_random.Next(8) == 0 ? query + "&%zz=%" : query), [], null, null, $"#{number} GET /authorize [{string.Join('&', fields.Select(f => f.Key))}]");
        }

        var headers = new List<KeyValuePair<string, string>>();
        if (_random.Next(4) == 0)
        {
            headers.Add(new("Cookie", Pick("__Host-consent=" + Garbage(40), "a=b; " + Garbage(200), "__Host-miromcp-consent=%%%")));
        }

        return new FuzzCase(FuzzTarget.Server, HttpMethod.Post, "/authorize", headers, _random.Next(5) == 0 ? Mutate(Form(fields)) : Form(fields),
            Pick("application/x-www-form-urlencoded", "multipart/form-data", "application/json", "text/plain"), $"#{number} POST /authorize [{string.Join('&', fields.Select(f => f.Key))}]");
    }

    private FuzzCase Registration(int number)
    {
        var document = new System.Text.Json.Nodes.JsonObject();
        foreach (var name in new[] { "client_name", "redirect_uris", "token_endpoint_auth_method", "grant_types", "response_types", "scope", "client_uri", "logo_uri", "software_id", "jwks_uri", "contacts", "application_type" })
        {
            if (_random.Next(3) == 0)
            {
                continue;
            }

            document[name] = name switch
            {
                "redirect_uris" => _random.Next(4) switch
                {
                    0 => new System.Text.Json.Nodes.JsonArray([.. Enumerable.Range(0, _random.Next(0, 40)).Select(_ => (System.Text.Json.Nodes.JsonNode?)Pick("https://claude.ai/api/mcp/auth_callback", "http://localhost:1/cb", "javascript:alert(1)", "data:text/html,x", "https://a.example/#frag", "", Garbage(60), "http://evil.example/cb"))]),
                    1 => RandomJson(2),
                    _ => new System.Text.Json.Nodes.JsonArray("https://claude.ai/api/mcp/auth_callback"),
                },
                "token_endpoint_auth_method" => Pick<System.Text.Json.Nodes.JsonNode?>("none", "client_secret_basic", "client_secret_post", "private_key_jwt", Garbage(10), 5, null),
                "grant_types" => _random.Next(2) == 0 ? new System.Text.Json.Nodes.JsonArray(Pick(GrantTypes), Pick(GrantTypes)) : RandomJson(2),
                "client_name" => Pick<System.Text.Json.Nodes.JsonNode?>("Fuzz", new string('n', _random.Next(0, 10_000)), Garbage(30), 42, null),
                _ => RandomJson(3),
            };
        }

        var text = document.ToJsonString();
        var (body, how) = _random.Next(6) switch
        {
            0 => (Mutate(Encoding.UTF8.GetBytes(text)), "mutated document"),
            1 => (Encoding.UTF8.GetBytes(Truncate(text)), "truncated document"),
            2 => (Encoding.UTF8.GetBytes(RandomJson(4)?.ToJsonString() ?? "null"), "random JSON"),
            _ => (Encoding.UTF8.GetBytes(text), "document"),
        };
        return new FuzzCase(FuzzTarget.Server, Pick(HttpMethod.Post, HttpMethod.Post, HttpMethod.Post, HttpMethod.Get, HttpMethod.Put), "/register", [], body,
            Pick("application/json", "application/json", "text/plain", "application/x-www-form-urlencoded"), $"#{number} /register {how} [{string.Join(',', document.Select(p => p.Key))}]");
    }

    private FuzzCase Gateway(int number)
    {
        var path = Pick(
            "/v1/secrets/MIRO_CLIENT_SECRET", "/v1/secrets/MIRO_ENCRYPTION_KEY", "/v1/secrets/" + Uri.EscapeDataString(Garbage(20)), "/v1/secrets/..%2F..%2Fetc%2Fpasswd",
            "/v1/secrets", "/v1/secrets?names=" + Uri.EscapeDataString(Garbage(30)), "/v1/secrets?names=MIRO_CLIENT_SECRET,MIRO_CLIENT_SECRET", "/v1/validation", "/v1/", "/v1/secrets/" + new string('A', 3_000),
            "/v1/secrets/MIRO_CLIENT_SECRET?version=" + Uri.EscapeDataString(Garbage(5)), "/health", "/alive", "/v2/secrets/x");
        var headers = new List<KeyValuePair<string, string>>();
        var how = Pick("valid token", "no token", "wrong token", "malformed header", "token in query");
        switch (how)
        {
            case "valid token":
                headers.Add(new("Authorization", "Bearer " + gatewayToken));
                break;
            case "wrong token":
                headers.Add(new("Authorization", "Bearer " + Garbage(64)));
                break;
            case "malformed header":
                headers.Add(new("Authorization", Pick("Bearer", "Basic " + gatewayToken, "Bearer  " + gatewayToken + " x", Garbage(30), "bearer " + gatewayToken)));
                break;
            case "token in query":
                path += (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "access_token=" + gatewayToken;
                break;
        }

        var method = Pick(HttpMethod.Get, HttpMethod.Get, HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Head);
        var body = method == HttpMethod.Get || method == HttpMethod.Head ? null : RandomBytes(_random.Next(0, 200));
        return new FuzzCase(FuzzTarget.Gateway, method, path, headers, body, body is null ? null : "application/json", $"#{number} gateway {method} {path[..Math.Min(path.Length, 80)]} {how}");
    }

    private FuzzCase AnyPath(int number)
    {
        var path = Pick(ServerPaths);
        if (_random.Next(3) == 0)
        {
            path += "?" + Uri.EscapeDataString(Garbage(10)) + "=" + Uri.EscapeDataString(Garbage(40));
        }

        var method = Pick(HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Options, HttpMethod.Head, HttpMethod.Patch, new HttpMethod("PROPFIND"));
        var headers = new List<KeyValuePair<string, string>>();
        AddToken(headers, TokenChoice(out var tokenHow));
        if (_random.Next(4) == 0)
        {
            headers.Add(new(Pick("X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Forwarded", "Cookie", "Accept-Language", "Range"), Garbage(60)));
        }

        var body = method == HttpMethod.Get || method == HttpMethod.Head ? null : RandomBytes(_random.Next(0, 300));
        return new FuzzCase(FuzzTarget.Server, method, path, headers, body, body is null ? null : Pick("application/json", "application/x-www-form-urlencoded", "text/plain"), $"#{number} {method} {path[..Math.Min(path.Length, 80)]} {tokenHow}");
    }

    private string ValidRpc()
    {
        var tool = Pick(Tools);
        return "{\"jsonrpc\":\"2.0\",\"id\":" + _random.Next(1, 1_000).ToString(CultureInfo.InvariantCulture) + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":{\"boardId\":\"uXjVOfjkmAk=\",\"limit\":10}}}";
    }

    private string WeirdRpc()
    {
        var rpc = new System.Text.Json.Nodes.JsonObject();
        if (_random.Next(5) > 0)
        {
            rpc["jsonrpc"] = Pick<System.Text.Json.Nodes.JsonNode?>("2.0", "2.0", "1.0", "3", 2.0, null, "");
        }

        if (_random.Next(5) > 0)
        {
            rpc["id"] = Pick<System.Text.Json.Nodes.JsonNode?>(1, -1, 0, long.MaxValue, double.MaxValue, 1.5, "id", new string('9', 400), "", null, true,
                System.Text.Json.Nodes.JsonNode.Parse("{\"a\":1}"), System.Text.Json.Nodes.JsonNode.Parse("[1,2]"), System.Text.Json.Nodes.JsonNode.Parse("1e400"));
        }

        if (_random.Next(8) > 0)
        {
            rpc["method"] = _random.Next(6) == 0 ? RandomJson(1) : Pick(Methods);
        }

        if (_random.Next(4) > 0)
        {
            rpc["params"] = _random.Next(3) switch
            {
                0 => RandomJson(3),
                _ => ToolParams(),
            };
        }

        if (_random.Next(10) == 0)
        {
            rpc["result"] = RandomJson(2);
        }

        if (_random.Next(10) == 0)
        {
            rpc["error"] = RandomJson(2);
        }

        return rpc.ToJsonString();
    }

    private System.Text.Json.Nodes.JsonObject ToolParams()
    {
        var parameters = new System.Text.Json.Nodes.JsonObject();
        if (_random.Next(6) > 0)
        {
            parameters["name"] = _random.Next(5) == 0 ? RandomJson(1) : Pick(Tools);
        }

        if (_random.Next(5) > 0)
        {
            var arguments = new System.Text.Json.Nodes.JsonObject();
            foreach (var name in new[] { "boardId", "itemId", "limit", "offset", "cursor", "content", "x", "y", "name", "query", "all", "data", "position", "type", "tool" })
            {
                if (_random.Next(3) == 0)
                {
                    arguments[name] = RandomJson(2);
                }
            }

            parameters["arguments"] = _random.Next(8) == 0 ? RandomJson(1) : arguments;
        }

        if (_random.Next(6) == 0)
        {
            parameters["_meta"] = RandomJson(2);
        }

        if (_random.Next(8) == 0)
        {
            parameters["uri"] = Pick<System.Text.Json.Nodes.JsonNode?>("miro://boards/x/summary", "miro://boards//items", "file:///etc/passwd", Garbage(40), 5);
        }

        return parameters;
    }

    private System.Text.Json.Nodes.JsonNode? RandomJson(int depth) => _random.Next(depth <= 0 ? 7 : 9) switch
    {
        0 => null,
        1 => _random.Next(2) == 0,
        2 => _random.Next(int.MinValue, int.MaxValue),
        3 => _random.NextDouble() * Math.Pow(10, _random.Next(-300, 300)),
        4 => Garbage(_random.Next(0, 40)),
        5 => Pick("", "uXjVOfjkmAk=", "3458764517517852417", "-1", "0", "NaN", "null", "{}", new string('x', 20_000)),
        6 => long.MinValue,
        7 => new System.Text.Json.Nodes.JsonArray([.. Enumerable.Range(0, _random.Next(0, 6)).Select(_ => RandomJson(depth - 1))]),
        _ => new System.Text.Json.Nodes.JsonObject(Enumerable.Range(0, _random.Next(0, 6)).Select(i => new KeyValuePair<string, System.Text.Json.Nodes.JsonNode?>(Garbage(6) + i.ToString(CultureInfo.InvariantCulture), RandomJson(depth - 1)))),
    };

    private string? TokenChoice(out string how)
    {
        how = _random.Next(8) switch
        {
            < 4 when validToken is not null => "valid token",
            4 => "garbage token",
            5 => "malformed Authorization",
            _ => "no token",
        };
        return how switch
        {
            "valid token" => "Bearer " + validToken,
            "garbage token" => "Bearer " + Garbage(_random.Next(1, 400)),
            "malformed Authorization" => Pick("Bearer", "Basic abc", "Bearer " + validToken + " extra", "bearer " + validToken, Garbage(30), "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."),
            _ => null,
        };
    }

    private static void AddToken(List<KeyValuePair<string, string>> headers, string? authorization)
    {
        if (authorization is not null)
        {
            headers.Add(new("Authorization", authorization));
        }
    }

    private string RandomValue() => _random.Next(6) switch
    {
        0 => "",
        1 => new string('v', _random.Next(1, 20_000)),
        2 => Garbage(_random.Next(1, 80)),
        3 => Convert.ToBase64String(RandomBytes(32)).TrimEnd('='),
        _ => Garbage(16),
    };

    private string Garbage(int length)
    {
        const string alphabet = "abcXYZ0129-._~%+/=?&#:;,'\"<>{}[]\\| \t\u00e9\u4e2d\u0000\u202e";
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(alphabet[_random.Next(alphabet.Length)]);
        }

        return builder.ToString();
    }

    private string Nested(int depth) => _random.Next(2) == 0
        ? "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":" + new string('[', depth) + new string(']', depth) + "}"
        : new string('{', depth) + new string('}', depth);

    private string Truncate(string text) => text[..(_random.Next(Math.Max(1, text.Length)))];

    private byte[] Mutate(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        for (var i = _random.Next(1, 6); i > 0 && copy.Length > 0; i--)
        {
            copy[_random.Next(copy.Length)] = (byte)_random.Next(256);
        }

        return copy;
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Form(IEnumerable<KeyValuePair<string, string>> fields) =>
        Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value))));

    private T Pick<T>(params T[] choices) => choices[_random.Next(choices.Length)];
}
