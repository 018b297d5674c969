using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using MiroMcp.Server.Miro;

namespace MiroMcp.Server.Tools;

/// <summary>Builds Miro request bodies from tool arguments and renders Miro responses compactly for the model.</summary>
internal static class ToolJson
{
    /// <summary>Items returned at most when a tool follows every page.</summary>
    public const int MaxItems = 1000;

    /// <summary>The wire name of a spec enumeration member, from its source-generated contract (no reflection).</summary>
    public static string? Wire<T>(T? value) where T : struct, Enum =>
        value is null ? null : JsonSerializer.SerializeToNode(value.Value, (JsonTypeInfo<T>)ToolJsonContext.Default.GetTypeInfo(typeof(T))!)!.GetValue<string>();

    /// <summary>An object of the non-null members; null when none is left (so empty sections are not sent).</summary>
    public static JsonObject? Object(params (string Name, JsonNode? Value)[] members)
    {
        var result = new JsonObject();
        foreach (var (name, value) in members)
        {
            if (value is not null)
            {
                result[name] = value;
            }
        }

        return result.Count == 0 ? null : result;
    }

    public static JsonObject? Position(double? x, double? y) => Object(("x", x), ("y", y));

    public static JsonObject? Geometry(double? width, double? height, double? rotation = null) =>
        Object(("width", width), ("height", height), ("rotation", rotation));

    public static JsonObject? Parent(string? parentId) => string.IsNullOrWhiteSpace(parentId) ? null : new JsonObject { ["id"] = parentId.Trim() };

    /// <summary>Miro's JSON without the <c>links</c> members (noise for a model).</summary>
    public static string Render(JsonNode? node)
    {
        if (node is null)
        {
            return "{\"ok\":true}";
        }

        StripLinks(node);
        return node.ToJsonString();
    }

    public static string Done(string what) => new JsonObject { ["ok"] = true, ["result"] = what }.ToJsonString();

    /// <summary>One page of a cursor-paged list, or every page when <paramref name="all"/>.</summary>
    public static async Task<string> CursorListAsync(
        MiroClient client, MiroOperation operation, IReadOnlyList<string> path, List<KeyValuePair<string, string?>> query,
        int? limit, string? cursor, bool all, CancellationToken cancellationToken)
    {
        var pageSize = Math.Clamp(limit ?? (all ? 50 : 10), 10, 50);
        var data = new JsonArray();
        JsonNode? total = null;
        string? next = string.IsNullOrWhiteSpace(cursor) ? null : cursor;
        do
        {
            var pageQuery = new List<KeyValuePair<string, string?>>(query)
            {
                new("limit", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("cursor", next),
            };
            var page = await client.GetAsync(operation, path, pageQuery, cancellationToken);
            total = page?["total"]?.DeepClone() ?? total;
            foreach (var item in page?["data"]?.AsArray() ?? [])
            {
                data.Add(item!.DeepClone());
            }

            next = page?["cursor"]?.GetValue<string>();
            next = string.IsNullOrEmpty(next) ? null : next;
        }
        while (all && next is not null && data.Count < MaxItems);

        var result = new JsonObject { ["data"] = data, ["size"] = data.Count };
        if (total is not null)
        {
            result["total"] = total;
        }

        if (next is not null)
        {
            result["nextCursor"] = next;
        }

        return Render(result);
    }

    /// <summary>One page of an offset-paged list, or every page when <paramref name="all"/>.</summary>
    public static async Task<string> OffsetListAsync(
        MiroClient client, MiroOperation operation, IReadOnlyList<string> path, List<KeyValuePair<string, string?>> query,
        int? limit, int? offset, bool all, int maxLimit, CancellationToken cancellationToken)
    {
        var pageSize = Math.Clamp(limit ?? (all ? maxLimit : 20), 1, maxLimit);
        var position = Math.Max(0, offset ?? 0);
        var data = new JsonArray();
        var total = 0;
        while (true)
        {
            var pageQuery = new List<KeyValuePair<string, string?>>(query)
            {
                new("limit", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("offset", position.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            };
            var page = await client.GetAsync(operation, path, pageQuery, cancellationToken);
            var items = page?["data"]?.AsArray() ?? [];
            total = page?["total"]?.GetValue<int>() ?? total;
            foreach (var item in items)
            {
                data.Add(item!.DeepClone());
            }

            position += items.Count;
            if (!all || items.Count == 0 || position >= total || data.Count >= MaxItems)
            {
                break;
            }
        }

        var result = new JsonObject { ["data"] = data, ["size"] = data.Count, ["total"] = total };
        if (position < total)
        {
            result["nextOffset"] = position;
        }

        return Render(result);
    }

    private static void StripLinks(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                obj.Remove("links");
                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        StripLinks(child);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        StripLinks(child);
                    }
                }

                break;
        }
    }
}
