using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiroMcp.Tests.Fixtures.Miro;

/// <summary>
/// Miro's OpenAPI spec (a copy in Specs/) as a contract: request bodies and responses are checked against the
/// operation's schemas. Supported: $ref, type, enum, required, properties, items, allOf, and oneOf/anyOf as "at
/// least one matches" (Miro's schemas overlap, so "exactly one" would reject valid items).
/// </summary>
public sealed class OpenApiContract
{
    private static readonly Lazy<OpenApiContract> Shared = new(() => Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Miro", "Specs", "miro-rest-v2.openapi.json")));

    private readonly JsonObject _schemas;
    private readonly Dictionary<string, JsonObject> _operations = new(StringComparer.Ordinal);

    private OpenApiContract(JsonObject document)
    {
        Document = document;
        _schemas = document["components"]!["schemas"]!.AsObject();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation is JsonObject op && op["operationId"]?.GetValue<string>() is { } id)
                {
                    op["x-path"] = path;
                    op["x-method"] = method.ToUpperInvariant();
                    _operations[id] = op;
                }
            }
        }
    }

    public static OpenApiContract Miro => Shared.Value;

    public JsonObject Document { get; }

    public IReadOnlyDictionary<string, JsonObject> Operations => _operations;

    public static OpenApiContract Load(string path) => new(JsonNode.Parse(File.ReadAllText(path))!.AsObject());

    /// <summary>Problems of a request body for the operation (empty when it conforms or has no JSON body schema).</summary>
    public IReadOnlyList<string> CheckRequest(string operationId, JsonNode? body)
    {
        var schema = _operations[operationId]["requestBody"]?["content"]?["application/json"]?["schema"];
        var errors = new List<string>();
        if (schema is not null)
        {
            Check(body, schema, "$", errors, 0);
        }

        return errors;
    }

    /// <summary>Problems of a value against a named component schema.</summary>
    public IReadOnlyList<string> CheckSchema(string schemaName, JsonNode? value, string path)
    {
        var errors = new List<string>();
        Check(value, _schemas[schemaName]!, path, errors, 0);
        return errors;
    }

    /// <summary>Problems of a response for the operation and status; an undocumented status is a problem too.</summary>
    public IReadOnlyList<string> CheckResponse(string operationId, int status, JsonNode? body)
    {
        var responses = _operations[operationId]["responses"]!.AsObject();
        var response = responses[status.ToString(CultureInfo.InvariantCulture)] ?? responses["default"];
        if (response is null)
        {
            return [$"{operationId}: status {status} is not documented"];
        }

        var schema = response["content"]?["application/json"]?["schema"];
        var errors = new List<string>();
        if (schema is not null && body is not null)
        {
            Check(body, schema, "$", errors, 0);
        }

        return errors.Select(error => $"{operationId} {status}: {error}").ToList();
    }

    private JsonObject Resolve(JsonNode schema)
    {
        var current = schema.AsObject();
        while (current["$ref"]?.GetValue<string>() is { } reference)
        {
            current = _schemas[reference.Split('/')[^1]]!.AsObject();
        }

        return current;
    }

    private void Check(JsonNode? value, JsonNode schemaNode, string path, List<string> errors, int depth)
    {
        if (depth > 40)
        {
            return;
        }

        var schema = Resolve(schemaNode);
        if (value is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true && schema.Count > 0)
            {
                errors.Add($"{path}: null is not allowed");
            }

            return;
        }

        if (schema["allOf"] is JsonArray allOf)
        {
            foreach (var part in allOf)
            {
                Check(value, part!, path, errors, depth + 1);
            }
        }

        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (schema[keyword] is JsonArray choices && !choices.Any(choice => Matches(value, choice!, depth)))
            {
                errors.Add($"{path}: matches none of the {keyword} alternatives");
            }
        }

        var kind = value.GetValueKind();
        var type = schema["type"]?.GetValue<string>();
        var typeOk = type switch
        {
            null => true,
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "integer" => kind == JsonValueKind.Number && IsInteger(value.AsValue()),
            "number" => kind == JsonValueKind.Number,
            _ => true,
        };
        if (!typeOk)
        {
            errors.Add($"{path}: expected {type}, got {kind}");
            return;
        }

        if (schema["enum"] is JsonArray values && !values.Any(allowed => JsonNode.DeepEquals(allowed, value)))
        {
            errors.Add($"{path}: {value.ToJsonString()} is not one of {values.ToJsonString()}");
        }

        if (kind == JsonValueKind.Object)
        {
            var obj = value.AsObject();
            if (schema["required"] is JsonArray required)
            {
                foreach (var name in required.Select(node => node!.GetValue<string>()).Where(name => !obj.ContainsKey(name)))
                {
                    errors.Add($"{path}: missing required '{name}'");
                }
            }

            if (schema["properties"] is JsonObject properties)
            {
                foreach (var (name, child) in obj)
                {
                    if (properties[name] is { } childSchema)
                    {
                        Check(child, childSchema, path + "." + name, errors, depth + 1);
                    }
                }
            }
        }
        else if (kind == JsonValueKind.Array && schema["items"] is { } itemSchema)
        {
            var index = 0;
            foreach (var item in value.AsArray())
            {
                Check(item, itemSchema, $"{path}[{index++}]", errors, depth + 1);
            }
        }
    }

    private static bool IsInteger(JsonValue value) =>
        value.TryGetValue<int>(out _) || value.TryGetValue<long>(out _)
        || (value.TryGetValue<JsonElement>(out var element) && element.TryGetInt64(out _))
        || (value.TryGetValue<double>(out var number) && number == Math.Floor(number));

    private bool Matches(JsonNode value, JsonNode schema, int depth)
    {
        var errors = new List<string>();
        Check(value, schema, "$", errors, depth + 1);
        return errors.Count == 0;
    }
}
