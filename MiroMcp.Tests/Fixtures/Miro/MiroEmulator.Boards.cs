using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MiroMcp.Tests.Fixtures.Miro;

/// <summary>
/// In-memory boards behind the REST v2 paths: boards (offset pages), members, items of every kind, connectors,
/// tags, groups, bulk create, mind-map nodes. Every response is checked against the OpenAPI spec (see
/// <see cref="ContractViolations"/>) and every JSON request body too (a non-conforming body gets Miro's 400).
/// </summary>
public sealed partial class MiroEmulator
{
    /// <summary>Operations whose spec schemas are known to be wrong (so their responses are not checked):
    /// board groups reuse the SCIM "Group" schema ({id,name,type}) while the API sends {items:[…]}.</summary>
    public static readonly IReadOnlySet<string> UncheckedOperations = new HashSet<string>(StringComparer.Ordinal)
    {
        "createGroup", "get-all-groups", "getItemsByGroupId", "getGroupById", "updateGroup",
    };

    private static readonly Dictionary<string, string> KindsBySegment = new(StringComparer.Ordinal)
    {
        ["sticky_notes"] = "sticky_note", ["shapes"] = "shape", ["texts"] = "text", ["cards"] = "card",
        ["app_cards"] = "app_card", ["frames"] = "frame", ["images"] = "image", ["documents"] = "document",
        ["embeds"] = "embed", ["docs"] = "doc_format", ["code_widgets"] = "code_widget", ["mindmap_nodes"] = "mindmap_node",
    };

    private static readonly string[] PolicySections = ["permissionsPolicy", "sharingPolicy"];
    private static readonly string[] PatchSections = ["data", "style", "geometry"];
    private static readonly string[] Axes = ["x", "y"];
    private static readonly string[] TagFields = ["title", "fillColor"];
    private static readonly string[] UploadSections = ["position", "geometry", "parent"];

    private static readonly Dictionary<string, (string Data, string? Style)> BulkSchemas = new(StringComparer.Ordinal)
    {
        ["sticky_note"] = ("StickyNoteData", "StickyNoteStyle"), ["shape"] = ("ShapeData", "ShapeStyle"), ["text"] = ("TextData", "TextStyle"),
        ["app_card"] = ("AppCardData", "AppCardStyle"), ["image"] = ("ImageUrlData", null), ["document"] = ("DocumentUrlData", null),
    };

    private readonly Dictionary<string, Board> _boards = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _violations = new();
    private long _nextId = 3458764600000000000;

    /// <summary>Every difference between what the emulator said or was sent and the OpenAPI spec.</summary>
    public IReadOnlyCollection<string> ContractViolations => _violations;

    /// <summary>Forgets recorded violations (after a test that provoked one on purpose).</summary>
    public void ClearContractViolations() => _violations.Clear();

    /// <summary>Operation ids the emulator served (in order), for coverage checks.</summary>
    public ConcurrentQueue<string> ServedOperations { get; } = new();

    /// <summary>Creates a board owned by the test user directly (test arrangement without the API).</summary>
    public string CreateBoard(string name)
    {
        lock (_gate)
        {
            return NewBoardLocked(name, string.Empty, _options.UserId).Id;
        }
    }

    /// <summary>Adds a sticky note directly (test arrangement, e.g. for pagination).</summary>
    public string AddStickyNote(string boardId, string content)
    {
        lock (_gate)
        {
            var board = _boards[boardId];
            var item = NewItemLocked(board, "sticky_note", new JsonObject
            {
                ["data"] = new JsonObject { ["content"] = content, ["shape"] = "square" },
            }, _options.UserId);
            return item["id"]!.GetValue<string>();
        }
    }

    /// <summary>Items on a board now (connectors excluded).</summary>
    public int ItemCount(string boardId)
    {
        lock (_gate)
        {
            return _boards.TryGetValue(boardId, out var board) ? board.Items.Count : 0;
        }
    }

    private void MapApi(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v2/boards", context => Serve(context, "get-boards", 1, ListBoards));
        routes.MapPost("/v2/boards", context => Serve(context, "create-board", 3, CreateBoardFromApi));
        routes.MapPut("/v2/boards", context => Serve(context, "copy-board", 4, CopyBoard));
        routes.MapGet("/v2/boards/{boardId}", context => Serve(context, "get-specific-board", 1, (c, u, b) => WithBoard(c, b, board => Ok(board.Json))));
        routes.MapPatch("/v2/boards/{boardId}", context => Serve(context, "update-board", 2, UpdateBoard));
        routes.MapDelete("/v2/boards/{boardId}", context => Serve(context, "delete-board", 3, (c, u, b) => WithBoard(c, b, board => { _boards.Remove(board.Id); return NoContent(); })));

        routes.MapGet("/v2/boards/{boardId}/members", context => Serve(context, "get-board-members", 1, ListMembers));
        routes.MapPost("/v2/boards/{boardId}/members", context => Serve(context, "share-board", 3, ShareBoard));
        routes.MapGet("/v2/boards/{boardId}/members/{memberId}", context => Serve(context, "get-specific-board-member", 1, (c, u, b) => WithMember(c, (board, member) => Ok(MemberJson(board, member)))));
        routes.MapPatch("/v2/boards/{boardId}/members/{memberId}", context => Serve(context, "update-board-member", 2, UpdateMember));
        routes.MapDelete("/v2/boards/{boardId}/members/{memberId}", context => Serve(context, "remove-board-member", 2, (c, u, b) => WithMember(c, (board, member) => { board.Members.Remove(member.Id); return NoContent(); })));

        routes.MapGet("/v2/boards/{boardId}/items", context =>
            context.Request.Query.ContainsKey("tag_id") ? Serve(context, "get-items-by-tag", 1, ItemsByTag)
            : context.Request.Query.ContainsKey("parent_item_id") ? Serve(context, "get-items-within-frame", 2, ListItems)
            : Serve(context, "get-items", 2, ListItems));
        routes.MapGet("/v2-experimental/boards/{boardId}/items", context => Serve(context, "get-items-experimental", 2, ListItems));
        routes.MapPost("/v2/boards/{boardId}/items/bulk", context => context.Request.HasFormContentType
            ? Serve(context, "create-items-in-bulk-using-file-from-device", 2, BulkUpload)
            : Serve(context, "create-items", 2, BulkCreate));
        routes.MapGet("/v2/boards/{boardId}/items/{itemId}", context => Serve(context, "get-specific-item", 1, (c, u, b) => WithItem(c, null, item => Ok(item))));
        routes.MapGet("/v2-experimental/boards/{boardId}/items/{itemId}", context => Serve(context, "get-specific-item-experimental", 1, (c, u, b) => WithItem(c, null, item => Ok(item))));
        routes.MapPatch("/v2/boards/{boardId}/items/{itemId}", context => Serve(context, "update-item-position-or-parent", 2, (c, u, b) => WithItem(c, null, item => Ok(Patch(c, item, b, u)))));
        routes.MapDelete("/v2/boards/{boardId}/items/{itemId}", context =>
            context.Request.Query.ContainsKey("tag_id") ? Serve(context, "remove-tag-from-item", 1, DetachTag)
            : Serve(context, "delete-item", 3, (c, u, b) => WithItem(c, null, item => DeleteItem(c, item))));
        routes.MapDelete("/v2-experimental/boards/{boardId}/items/{itemId}", context => Serve(context, "delete-item-experimental", 3, (c, u, b) => WithItem(c, null, item => DeleteItem(c, item))));
        routes.MapPost("/v2/boards/{boardId}/items/{itemId}", context => Serve(context, "attach-tag-to-item", 1, AttachTag));
        routes.MapGet("/v2/boards/{boardId}/items/{itemId}/tags", context => Serve(context, "get-tags-from-item", 1, TagsOfItem));

        foreach (var (prefix, segment, suffix) in new[]
        {
            ("v2", "sticky_notes", "sticky-note-item"), ("v2", "shapes", "shape-item"), ("v2", "texts", "text-item"),
            ("v2", "cards", "card-item"), ("v2", "app_cards", "app-card-item"), ("v2", "frames", "frame-item"),
            ("v2", "images", "image-item"), ("v2", "documents", "document-item"), ("v2", "embeds", "embed-item"),
            ("v2", "docs", "doc-format-item"), ("v2-experimental", "shapes", "shape-item-flowchart"),
            ("v2-experimental", "code_widgets", "code-widget-item"), ("v2-experimental", "mindmap_nodes", "mindmap-node"),
        })
        {
            MapKind(routes, prefix, segment, suffix);
        }

        routes.MapGet("/v2/boards/{boardId}/connectors", context => Serve(context, "get-connectors", 2, ListConnectors));
        routes.MapPost("/v2/boards/{boardId}/connectors", context => Serve(context, "create-connector", 2, CreateConnector));
        routes.MapGet("/v2/boards/{boardId}/connectors/{connectorId}", context => Serve(context, "get-connector", 1, (c, u, b) => WithConnector(c, connector => Ok(connector))));
        routes.MapPatch("/v2/boards/{boardId}/connectors/{connectorId}", context => Serve(context, "update-connector", 2, UpdateConnector));
        routes.MapDelete("/v2/boards/{boardId}/connectors/{connectorId}", context => Serve(context, "delete-connector", 3, (c, u, b) => WithConnector(c, connector => { BoardOf(c)!.Connectors.Remove(connector["id"]!.GetValue<string>()); return NoContent(); })));

        routes.MapGet("/v2/boards/{boardId}/tags", context => Serve(context, "get-tags-from-board", 1, ListTags));
        routes.MapPost("/v2/boards/{boardId}/tags", context => Serve(context, "create-tag", 1, CreateTag));
        routes.MapGet("/v2/boards/{boardId}/tags/{tagId}", context => Serve(context, "get-tag", 1, (c, u, b) => WithTag(c, tag => Ok(tag))));
        routes.MapPatch("/v2/boards/{boardId}/tags/{tagId}", context => Serve(context, "update-tag", 1, UpdateTag));
        routes.MapDelete("/v2/boards/{boardId}/tags/{tagId}", context => Serve(context, "delete-tag", 1, DeleteTag));

        routes.MapGet("/v2/boards/{boardId}/groups", context => Serve(context, "get-all-groups", 2, ListGroups));
        routes.MapPost("/v2/boards/{boardId}/groups", context => Serve(context, "createGroup", 2, CreateGroup));
        routes.MapGet("/v2/boards/{boardId}/groups/items", context => Serve(context, "getItemsByGroupId", 2, GroupItems));
        routes.MapGet("/v2/boards/{boardId}/groups/{groupId}", context => Serve(context, "getGroupById", 2, (c, u, b) => WithGroup(c, (board, group) => Ok(GroupJson(board, group)))));
        routes.MapPut("/v2/boards/{boardId}/groups/{groupId}", context => Serve(context, "updateGroup", 2, UpdateGroup));
        routes.MapDelete("/v2/boards/{boardId}/groups/{groupId}", context =>
            context.Request.Query["delete_items"] == "true" ? Serve(context, "deleteGroup", 3, DeleteGroup) : Serve(context, "unGroup", 3, DeleteGroup));
    }

    private void MapKind(IEndpointRouteBuilder routes, string prefix, string segment, string suffix)
    {
        var kind = KindsBySegment[segment];
        var create = suffix switch
        {
            "image-item" => "create-image-item-using-url",
            "document-item" => "create-document-item-using-url",
            "mindmap-node" => "create-mindmap-nodes-experimental",
            _ => "create-" + suffix,
        };
        var update = suffix switch
        {
            "image-item" => "update-image-item-using-url",
            "document-item" => "update-document-item-using-url",
            _ => "update-" + suffix,
        };
        var get = suffix == "mindmap-node" ? "get-mindmap-node-experimental" : "get-" + suffix;
        var delete = suffix == "mindmap-node" ? "delete-mindmap-node-experimental" : "delete-" + suffix;
        var basePath = $"/{prefix}/boards/{{boardId}}/{segment}";
        var upload = segment switch { "images" => "create-image-item-using-local-file", "documents" => "create-document-item-using-file-from-device", _ => null };
        var replace = segment switch { "images" => "update-image-item-using-file-from-device", "documents" => "update-document-item-using-file-from-device", _ => null };
        routes.MapPost(basePath, context => upload is not null && context.Request.HasFormContentType
            ? Serve(context, upload, 2, (c, u, b) => WithBoard(c, b, board => UploadItem(board, kind, b, u)))
            : Serve(context, create, 2, (c, u, b) => WithBoard(c, b, board => CreateItem(board, kind, b, u))));
        routes.MapGet(basePath + "/{itemId}", context => Serve(context, get, 1, (c, u, b) => WithItem(c, kind, item => Ok(item))));
        routes.MapDelete(basePath + "/{itemId}", context => Serve(context, delete, 3, (c, u, b) => WithItem(c, kind, item => DeleteItem(c, item))));
        if (_options is not null && suffix is not ("mindmap-node"))
        {
            routes.MapPatch(basePath + "/{itemId}", context => replace is not null && context.Request.HasFormContentType
                ? Serve(context, replace, 2, (c, u, b) => WithItem(c, kind, item => Ok(Patch(c, item, UploadChanges(kind, b), u))))
                : Serve(context, update, 2, (c, u, b) => WithItem(c, kind, item => Ok(Patch(c, item, b, u)))));
        }

        if (segment == "mindmap_nodes")
        {
            routes.MapGet(basePath, context => Serve(context, "get-mindmap-nodes-experimental", 2, ListItems));
        }
        else if (segment == "code_widgets")
        {
            routes.MapGet(basePath, context => Serve(context, "get-code-widget-items", 2, ListItems));
            routes.MapPatch(basePath + "/{itemId}/position", context => Serve(context, "move-code-widget-item", 2, (c, u, b) => WithItem(c, kind, item => Ok(Patch(c, item, new JsonObject { ["position"] = b?.DeepClone() }, u)))));
        }
    }

    private delegate Reply Handler(HttpContext context, string userId, JsonNode? body);

    private readonly record struct Reply(int Status, JsonNode? Body, string? ErrorCode = null, string? Message = null);

    private static Reply Ok(JsonNode body) => new(200, body);

    private static Reply Created(JsonNode body) => new(201, body);

    private static Reply NoContent() => new(204, null);

    private static Reply Fail(int status, string code, string message) => new(status, null, code, message);

    private async Task Serve(HttpContext context, string operationId, int level, Handler handler)
    {
        ServedOperations.Enqueue(operationId);
        var (userId, error) = Admit(context, level);
        Reply reply;
        if (error is not null)
        {
            await error.ExecuteAsync(context);
            return;
        }

        JsonNode? body = null;
        if (context.Request.HasFormContentType)
        {
            body = await ReadMultipartAsync(context);
        }
        else if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            }
            catch (JsonException)
            {
                reply = Fail(400, "invalidParameters", "The request body is not valid JSON.");
                await WriteAsync(context, operationId, reply);
                return;
            }
        }

        var requestProblems = operationId == "create-items" || UncheckedOperations.Contains(operationId) ? [] : OpenApiContract.Miro.CheckRequest(operationId, body);
        if (requestProblems.Count > 0)
        {
            foreach (var problem in requestProblems)
            {
                _violations.Enqueue($"request {operationId}: {problem}");
            }

            reply = Fail(400, "invalidParameters", "Invalid parameters: " + string.Join("; ", requestProblems));
        }
        else
        {
            lock (_gate)
            {
                reply = handler(context, userId!, body);
            }
        }

        await WriteAsync(context, operationId, reply);
    }

    private async Task WriteAsync(HttpContext context, string operationId, Reply reply)
    {
        var body = reply.ErrorCode is null
            ? reply.Body
            : new JsonObject { ["status"] = reply.Status, ["code"] = reply.ErrorCode, ["message"] = reply.Message, ["type"] = "error" };
        if (!UncheckedOperations.Contains(operationId) || reply.Status >= 400)
        {
            foreach (var problem in OpenApiContract.Miro.CheckResponse(operationId, reply.Status, body))
            {
                _violations.Enqueue("response " + problem);
            }
        }

        context.Response.StatusCode = reply.Status;
        if (body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
        }
    }

    private Board? BoardOf(HttpContext context) =>
        _boards.GetValueOrDefault(context.Request.RouteValues["boardId"]?.ToString() ?? string.Empty);

    private Reply WithBoard(HttpContext context, JsonNode? body, Func<Board, Reply> action)
    {
        _ = body;
        var board = BoardOf(context);
        return board is null ? Fail(404, "boardNotFound", "Board not found.") : action(board);
    }

    private Reply WithItem(HttpContext context, string? kind, Func<JsonObject, Reply> action)
    {
        var board = BoardOf(context);
        if (board is null)
        {
            return Fail(404, "boardNotFound", "Board not found.");
        }

        var id = context.Request.RouteValues["itemId"]?.ToString() ?? string.Empty;
        if (!board.Items.TryGetValue(id, out var item) || (kind is not null && item["type"]!.GetValue<string>() != kind))
        {
            return Fail(404, "itemNotFound", "Item not found.");
        }

        return action(item);
    }

    private Reply WithConnector(HttpContext context, Func<JsonObject, Reply> action)
    {
        var board = BoardOf(context);
        var id = context.Request.RouteValues["connectorId"]?.ToString() ?? string.Empty;
        return board is null ? Fail(404, "boardNotFound", "Board not found.")
            : board.Connectors.TryGetValue(id, out var connector) ? action(connector)
            : Fail(404, "connectorNotFound", "Connector not found.");
    }

    private Reply WithTag(HttpContext context, Func<JsonObject, Reply> action)
    {
        var board = BoardOf(context);
        var id = context.Request.RouteValues["tagId"]?.ToString() ?? string.Empty;
        return board is null ? Fail(404, "boardNotFound", "Board not found.")
            : board.Tags.TryGetValue(id, out var tag) ? action(tag)
            : Fail(404, "tagNotFound", "Tag not found.");
    }

    private Reply WithMember(HttpContext context, Func<Board, EmulatedMember, Reply> action)
    {
        var board = BoardOf(context);
        var id = context.Request.RouteValues["memberId"]?.ToString() ?? string.Empty;
        return board is null ? Fail(404, "boardNotFound", "Board not found.")
            : board.Members.TryGetValue(id, out var member) ? action(board, member)
            : Fail(404, "memberNotFound", "Board member not found.");
    }

    private Reply WithGroup(HttpContext context, Func<Board, List<string>, Reply> action)
    {
        var board = BoardOf(context);
        var id = context.Request.RouteValues["groupId"]?.ToString() ?? string.Empty;
        return board is null ? Fail(404, "boardNotFound", "Board not found.")
            : board.Groups.TryGetValue(id, out var group) ? action(board, group)
            : Fail(404, "groupNotFound", "Group not found.");
    }

    // ---- boards -------------------------------------------------------------------------------------------

    private Reply ListBoards(HttpContext context, string userId, JsonNode? body)
    {
        if (!TryPage(context, 20, 1, 50, out var limit, out var offset, out var error))
        {
            return error;
        }

        var query = context.Request.Query["query"].ToString();
        var teamId = context.Request.Query["team_id"].ToString();
        var owner = context.Request.Query["owner"].ToString();
        var boards = _boards.Values
            .Where(board => board.Members.ContainsKey(userId))
            .Where(board => query.Length == 0 || board.Name.Contains(query, StringComparison.OrdinalIgnoreCase) || board.Description.Contains(query, StringComparison.OrdinalIgnoreCase))
            .Where(board => teamId.Length == 0 || teamId == _options.TeamId)
            .Where(board => owner.Length == 0 || board.OwnerId == owner);
        boards = context.Request.Query["sort"].ToString() switch
        {
            "alphabetically" => boards.OrderBy(board => board.Name, StringComparer.OrdinalIgnoreCase),
            "last_created" => boards.OrderByDescending(board => board.Sequence),
            _ => boards.OrderByDescending(board => board.ModifiedSequence),
        };
        var all = boards.ToList();
        return Ok(OffsetPage(context, all.Skip(offset).Take(limit).Select(board => (JsonNode)board.Json), all.Count, offset, limit, "list"));
    }

    private Reply CreateBoardFromApi(HttpContext context, string userId, JsonNode? body)
    {
        var board = NewBoardLocked(body?["name"]?.GetValue<string>() ?? "Untitled", body?["description"]?.GetValue<string>() ?? string.Empty, userId);
        ApplyPolicy(board, body?["policy"]);
        return Created(board.Json);
    }

    private Reply CopyBoard(HttpContext context, string userId, JsonNode? body)
    {
        if (!_boards.TryGetValue(context.Request.Query["copy_from"].ToString(), out var source))
        {
            return Fail(404, "boardNotFound", "Board to copy not found.");
        }

        var copy = NewBoardLocked(body?["name"]?.GetValue<string>() ?? source.Name, body?["description"]?.GetValue<string>() ?? source.Description, userId);
        foreach (var item in source.Items.Values)
        {
            var clone = item.DeepClone().AsObject();
            clone["links"] = new JsonObject { ["self"] = $"{BaseUrl}v2/boards/{copy.Id}/items/{clone["id"]}" };
            copy.Items[clone["id"]!.GetValue<string>()] = clone;
        }

        var json = copy.Json.DeepClone().AsObject();
        json.Remove("project");
        return Created(json);
    }

    private Reply UpdateBoard(HttpContext context, string userId, JsonNode? body) => WithBoard(context, body, board =>
    {
        if (body?["name"]?.GetValue<string>() is { } name)
        {
            board.Name = name;
        }

        if (body?["description"]?.GetValue<string>() is { } description)
        {
            board.Description = description;
        }

        ApplyPolicy(board, body?["policy"]);
        board.Touch(userId, Now, ++_nextId);
        return Ok(board.Json);
    });

    private static void ApplyPolicy(Board board, JsonNode? policy)
    {
        if (policy is JsonObject changes)
        {
            var current = board.Policy;
            foreach (var section in PolicySections)
            {
                if (changes[section] is JsonObject values)
                {
                    foreach (var (key, value) in values)
                    {
                        current[section]!.AsObject()[key] = value?.DeepClone();
                    }
                }
            }
        }
    }

    private Board NewBoardLocked(string name, string description, string ownerId)
    {
        var id = "uXjV" + Convert.ToBase64String(BitConverter.GetBytes(++_nextId)).TrimEnd('=').Replace('/', '_').Replace('+', '-') + "=";
        var owner = _users.GetValueOrDefault(ownerId) ?? new EmulatedUser(ownerId, "Unknown");
        var board = new Board(this, id, _nextId, owner.Id, Now) { Name = name, Description = description };
        board.Members[owner.Id] = new EmulatedMember(owner.Id, owner.Name) { Role = "owner" };
        _boards[id] = board;
        return board;
    }

    // ---- members ------------------------------------------------------------------------------------------

    private Reply ListMembers(HttpContext context, string userId, JsonNode? body) => WithBoard(context, body, board =>
    {
        if (!TryPage(context, 20, 1, 100, out var limit, out var offset, out var error))
        {
            return error;
        }

        var all = board.Members.Values.OrderBy(member => member.Id, StringComparer.Ordinal).ToList();
        return Ok(OffsetPage(context, all.Skip(offset).Take(limit).Select(member => (JsonNode)new JsonObject
        {
            ["id"] = member.Id, ["name"] = member.Name, ["role"] = member.Role, ["type"] = "board_member",
        }), all.Count, offset, limit, "list"));
    });

    private Reply ShareBoard(HttpContext context, string userId, JsonNode? body) => WithBoard(context, body, board =>
    {
        var role = body?["role"]?.GetValue<string>() ?? "commenter";
        var successful = new JsonArray();
        var failed = new JsonArray();
        foreach (var email in body!["emails"]!.AsArray().Select(node => node!.GetValue<string>()))
        {
            if (!email.Contains('@', StringComparison.Ordinal))
            {
                failed.Add(new JsonObject { ["email"] = email, ["reason"] = "invalid email" });
                continue;
            }

            var memberId = (++_nextId).ToString(CultureInfo.InvariantCulture);
            board.Members[memberId] = new EmulatedMember(memberId, email.Split('@')[0]) { Role = role, Email = email };
            successful.Add(_nextId);
        }

        return Created(new JsonObject { ["successful"] = successful, ["failed"] = failed });
    });

    private Reply UpdateMember(HttpContext context, string userId, JsonNode? body) => WithMember(context, (board, member) =>
    {
        member.Role = body?["role"]?.GetValue<string>() ?? member.Role;
        return Ok(MemberJson(board, member));
    });

    private JsonObject MemberJson(Board board, EmulatedMember member) => new()
    {
        ["id"] = member.Id, ["name"] = member.Name, ["role"] = member.Role,
        ["links"] = new JsonObject { ["self"] = $"{BaseUrl}v2/boards/{board.Id}/members/{member.Id}" },
        ["type"] = "board_member",
    };

    // ---- items --------------------------------------------------------------------------------------------

    private Reply CreateItem(Board board, string kind, JsonNode? body, string userId)
    {
        if (body?["parent"]?["id"]?.GetValue<string>() is { } parentId && !board.Items.ContainsKey(parentId))
        {
            return Fail(404, "parentNotFound", "Parent item not found.");
        }

        if (kind == "mindmap_node")
        {
            var parent = body?["parent"]?["id"]?.GetValue<string>();
            var node = NewItemLocked(board, kind, body?.DeepClone().AsObject() ?? [], userId);
            node["data"]!["isRoot"] = parent is null;
            return Created(node);
        }

        return Created(NewItemLocked(board, kind, body?.DeepClone().AsObject() ?? [], userId));
    }

    private JsonObject NewItemLocked(Board board, string kind, JsonObject input, string userId)
    {
        var id = (++_nextId).ToString(CultureInfo.InvariantCulture);
        var now = Timestamp();
        var item = new JsonObject
        {
            ["id"] = id,
            ["type"] = kind,
            ["data"] = input["data"]?.DeepClone() ?? new JsonObject(),
        };
        if (kind is not ("mindmap_node" or "doc_format"))
        {
            item["style"] = input["style"]?.DeepClone() ?? new JsonObject();
        }

        var parentId = input["parent"]?["id"]?.GetValue<string>();
        item["position"] = new JsonObject
        {
            ["x"] = input["position"]?["x"]?.GetValue<double>() ?? 0,
            ["y"] = input["position"]?["y"]?.GetValue<double>() ?? 0,
            ["origin"] = "center",
            ["relativeTo"] = parentId is null ? "canvas_center" : "parent_top_left",
        };
        if (kind is not ("mindmap_node" or "doc_format"))
        {
            var geometry = input["geometry"]?.DeepClone().AsObject() ?? new JsonObject();
            if (kind == "sticky_note" && geometry.Count == 0)
            {
                geometry["width"] = 199;
                geometry["height"] = 228;
            }

            item["geometry"] = geometry;
        }

        if (parentId is not null)
        {
            item["parent"] = new JsonObject { ["id"] = parentId, ["links"] = new JsonObject { ["self"] = $"{BaseUrl}v2/boards/{board.Id}/items/{parentId}" } };
        }

        item["createdAt"] = now;
        item["createdBy"] = new JsonObject { ["id"] = userId, ["type"] = "user" };
        item["modifiedAt"] = now;
        item["modifiedBy"] = new JsonObject { ["id"] = userId, ["type"] = "user" };
        item["links"] = new JsonObject { ["self"] = $"{BaseUrl}v2/boards/{board.Id}/items/{id}" };
        board.Items[id] = item;
        board.Order.Add(id);
        return item;
    }

    private JsonObject Patch(HttpContext context, JsonObject item, JsonNode? body, string userId)
    {
        var board = BoardOf(context)!;
        if (body is JsonObject changes)
        {
            foreach (var section in PatchSections)
            {
                if (changes[section] is JsonObject values)
                {
                    var target = item[section] as JsonObject ?? [];
                    item[section] = target;
                    foreach (var (key, value) in values)
                    {
                        target[key] = value?.DeepClone();
                    }
                }
            }

            if (changes["position"] is JsonObject position)
            {
                var target = item["position"]!.AsObject();
                foreach (var axis in Axes)
                {
                    if (position[axis] is { } value)
                    {
                        target[axis] = value.DeepClone();
                    }
                }
            }

            if (changes["parent"] is JsonObject parent)
            {
                var parentId = parent["id"]?.GetValue<string>();
                if (parentId is null)
                {
                    item.Remove("parent");
                    item["position"]!["relativeTo"] = "canvas_center";
                }
                else
                {
                    item["parent"] = new JsonObject { ["id"] = parentId, ["links"] = new JsonObject { ["self"] = $"{BaseUrl}v2/boards/{board.Id}/items/{parentId}" } };
                    item["position"]!["relativeTo"] = "parent_top_left";
                }
            }
        }

        item["modifiedAt"] = Timestamp();
        item["modifiedBy"] = new JsonObject { ["id"] = userId, ["type"] = "user" };
        return item;
    }

    private Reply DeleteItem(HttpContext context, JsonObject item)
    {
        var board = BoardOf(context)!;
        var id = item["id"]!.GetValue<string>();
        if (item["type"]!.GetValue<string>() == "mindmap_node")
        {
            // Miro deletes a mind-map node together with its child nodes.
            foreach (var child in board.Items.Values.Where(other => other["type"]!.GetValue<string>() == "mindmap_node" && other["parent"]?["id"]?.GetValue<string>() == id).ToList())
            {
                DeleteItem(context, child);
            }
        }

        board.Items.Remove(id);
        board.Order.Remove(id);
        board.ItemTags.Remove(id);
        foreach (var group in board.Groups.Values)
        {
            group.Remove(id);
        }

        return NoContent();
    }

    private Reply ListItems(HttpContext context, string userId, JsonNode? body) => WithBoard(context, body, board =>
    {
        var kind = context.Request.Path.Value!.EndsWith("/mindmap_nodes", StringComparison.Ordinal) ? "mindmap_node"
            : context.Request.Path.Value!.EndsWith("/code_widgets", StringComparison.Ordinal) ? "code_widget"
            : NullIfEmpty(context.Request.Query["type"].ToString());
        var parent = NullIfEmpty(context.Request.Query["parent_item_id"].ToString());
        var items = board.Order.Select(id => board.Items[id])
            .Where(item => kind is null || item["type"]!.GetValue<string>() == kind)
            .Where(item => parent is null || item["parent"]?["id"]?.GetValue<string>() == parent)
            .Select(item => (JsonNode)item)
            .ToList();
        return CursorPage(context, items);
    });

    private Reply BulkCreate(HttpContext context, string userId, JsonNode? body) => WithBoard(context, body, board =>
    {
        if (body is not JsonArray requests || requests.Count == 0)
        {
            return Fail(400, "invalidParameters", "The body must be a non-empty array of items.");
        }

        if (requests.Count > 20)
        {
            return Fail(400, "invalidParameters", "A bulk request can create at most 20 items.");
        }

        var problems = new List<string>(OpenApiContract.Miro.CheckRequest("create-items", body));
        var index = 0;
        foreach (var request in requests)
        {
            // The spec's oneOf over every item type lets any style through; Miro checks each item against its own type.
            if (BulkSchemas.TryGetValue(request?["type"]?.GetValue<string>() ?? string.Empty, out var schemas))
            {
                problems.AddRange(OpenApiContract.Miro.CheckSchema(schemas.Data, request!["data"], $"$[{index}].data"));
                if (schemas.Style is not null && request["style"] is { } style)
                {
                    problems.AddRange(OpenApiContract.Miro.CheckSchema(schemas.Style, style, $"$[{index}].style"));
                }
            }

            index++;
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                _violations.Enqueue("request create-items: " + problem);
            }

            return Fail(400, "invalidParameters", "Invalid parameters: " + string.Join("; ", problems));
        }

        var created = new JsonArray();
        foreach (var request in requests)
        {
            created.Add(NewItemLocked(board, request!["type"]!.GetValue<string>(), request.AsObject(), userId).DeepClone());
        }

        return Created(new JsonObject { ["data"] = created, ["type"] = "bulk-list" });
    });

    // ---- uploads (multipart) ------------------------------------------------------------------------------

    /// <summary>A multipart body as JSON: <c>{"data": …parsed data part…, "files": [{field, fileName, contentType, length}]}</c>.</summary>
    private static async Task<JsonObject> ReadMultipartAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        JsonNode? data = null;
        if (form.TryGetValue("data", out var dataText) && !string.IsNullOrEmpty(dataText))
        {
            data = JsonNode.Parse(dataText.ToString());
        }
        else if (form.Files.GetFile("data") is { } dataFile)
        {
            await using var stream = dataFile.OpenReadStream();
            data = await JsonNode.ParseAsync(stream, cancellationToken: context.RequestAborted);
        }

        var files = new JsonArray();
        foreach (var file in form.Files.Where(file => file.Name != "data"))
        {
            files.Add(new JsonObject { ["field"] = file.Name, ["fileName"] = file.FileName, ["contentType"] = file.ContentType, ["length"] = file.Length });
        }

        return new JsonObject { ["data"] = data, ["files"] = files };
    }

    private Reply UploadItem(Board board, string kind, JsonNode? body, string userId)
    {
        if (body?["files"]?.AsArray().Any(file => file?["field"]?.GetValue<string>() == "resource") != true)
        {
            return Fail(400, "invalidParameters", "The 'resource' file part is required.");
        }

        var input = UploadChanges(kind, body);
        return Created(NewItemLocked(board, kind, input, userId));
    }

    private JsonObject UploadChanges(string kind, JsonNode? body)
    {
        var data = body?["data"] as JsonObject ?? [];
        var file = body?["files"]?.AsArray().FirstOrDefault();
        var fileName = file?["fileName"]?.GetValue<string>() ?? "file";
        var itemData = new JsonObject { ["title"] = data["title"]?.DeepClone() ?? fileName };
        itemData[kind == "image" ? "imageUrl" : "documentUrl"] = $"{BaseUrl}files/{Uri.EscapeDataString(fileName)}";
        var result = new JsonObject { ["data"] = itemData };
        foreach (var section in UploadSections)
        {
            if (data[section] is { } value)
            {
                result[section] = value.DeepClone();
            }
        }

        return result;
    }

    private Reply BulkUpload(HttpContext context, string userId, JsonNode? body) => WithBoard(context, body, board =>
    {
        var items = body?["data"] as JsonArray;
        var files = body?["files"]?.AsArray().Where(file => file?["field"]?.GetValue<string>() == "resources").ToList() ?? [];
        if (items is null || items.Count == 0 || items.Count > 20 || items.Count != files.Count)
        {
            return Fail(400, "invalidParameters", "'data' must list 1–20 items, one per file in 'resources'.");
        }

        var created = new JsonArray();
        for (var i = 0; i < items.Count; i++)
        {
            var kind = items[i]?["type"]?.GetValue<string>() is "image" ? "image" : "document";
            var input = UploadChanges(kind, new JsonObject { ["data"] = items[i]!["data"]?.DeepClone(), ["files"] = new JsonArray(files[i]!.DeepClone()) });
            foreach (var section in UploadSections)
            {
                if (items[i]![section] is { } value)
                {
                    input[section] = value.DeepClone();
                }
            }

            created.Add(NewItemLocked(board, kind, input, userId).DeepClone());
        }

        return Created(new JsonObject { ["data"] = created, ["type"] = "bulk-list" });
    });

    // ---- connectors ---------------------------------------------------------------------------------------

    private Reply ListConnectors(HttpContext context, string userId, JsonNode? body) => WithBoard(context, body, board =>
        CursorPage(context, board.Connectors.Values.Select(connector => (JsonNode)connector).ToList()));

    private Reply CreateConnector(HttpContext context, string userId, JsonNode? body) => WithBoard(context, body, board =>
    {
        var start = body?["startItem"]?["id"]?.GetValue<string>();
        var end = body?["endItem"]?["id"]?.GetValue<string>();
        if (start is null || end is null || start == end)
        {
            return Fail(400, "invalidParameters", "startItem.id and endItem.id are required and must differ.");
        }

        if (!board.Items.ContainsKey(start) || !board.Items.ContainsKey(end))
        {
            return Fail(404, "itemNotFound", "The start or end item was not found.");
        }

        var id = (++_nextId).ToString(CultureInfo.InvariantCulture);
        var now = Timestamp();
        var connector = new JsonObject
        {
            ["id"] = id,
            ["type"] = "connector",
            ["shape"] = body!["shape"]?.DeepClone() ?? "curved",
            ["startItem"] = EndJson(board, body["startItem"]!.AsObject()),
            ["endItem"] = EndJson(board, body["endItem"]!.AsObject()),
            ["style"] = body["style"]?.DeepClone() ?? new JsonObject(),
            ["captions"] = body["captions"]?.DeepClone() ?? new JsonArray(),
            ["createdAt"] = now,
            ["createdBy"] = new JsonObject { ["id"] = userId, ["type"] = "user" },
            ["modifiedAt"] = now,
            ["modifiedBy"] = new JsonObject { ["id"] = userId, ["type"] = "user" },
            ["links"] = new JsonObject { ["self"] = $"{BaseUrl}v2/boards/{board.Id}/connectors/{id}" },
        };
        board.Connectors[id] = connector;
        return Ok(connector);
    });

    private JsonObject EndJson(Board board, JsonObject end)
    {
        var json = new JsonObject
        {
            ["id"] = end["id"]!.GetValue<string>(),
            ["links"] = new JsonObject { ["self"] = $"{BaseUrl}v2/boards/{board.Id}/items/{end["id"]}" },
        };
        if (end["position"] is JsonObject position)
        {
            json["position"] = position.DeepClone();
        }

        return json;
    }

    private Reply UpdateConnector(HttpContext context, string userId, JsonNode? body) => WithConnector(context, connector =>
    {
        var board = BoardOf(context)!;
        if (body is JsonObject changes)
        {
            foreach (var (key, value) in changes)
            {
                connector[key] = key is "startItem" or "endItem" && value is JsonObject end ? EndJson(board, end) : value?.DeepClone();
            }
        }

        connector["modifiedAt"] = Timestamp();
        return Ok(connector);
    });

    // ---- tags ---------------------------------------------------------------------------------------------

    private Reply ListTags(HttpContext context, string userId, JsonNode? body) => WithBoard(context, body, board =>
    {
        if (!TryPage(context, 20, 1, 50, out var limit, out var offset, out var error))
        {
            return error;
        }

        var all = board.Tags.Values.ToList();
        return Ok(OffsetPage(context, all.Skip(offset).Take(limit).Select(tag => (JsonNode)tag), all.Count, offset, limit, "list"));
    });

    private Reply CreateTag(HttpContext context, string userId, JsonNode? body) => WithBoard(context, body, board =>
    {
        var title = body!["title"]!.GetValue<string>();
        if (board.Tags.Values.Any(tag => tag["title"]!.GetValue<string>() == title))
        {
            return Fail(400, "tagAlreadyExists", $"A tag titled '{title}' already exists on this board.");
        }

        var id = (++_nextId).ToString(CultureInfo.InvariantCulture);
        var tag = new JsonObject
        {
            ["id"] = id,
            ["title"] = title,
            ["fillColor"] = body["fillColor"]?.DeepClone() ?? "red",
            ["links"] = new JsonObject { ["self"] = $"{BaseUrl}v2/boards/{board.Id}/tags/{id}" },
            ["type"] = "tag",
        };
        board.Tags[id] = tag;
        return Created(tag);
    });

    private Reply UpdateTag(HttpContext context, string userId, JsonNode? body) => WithTag(context, tag =>
    {
        foreach (var key in TagFields)
        {
            if (body?[key] is { } value)
            {
                tag[key] = value.DeepClone();
            }
        }

        return Ok(tag);
    });

    private Reply DeleteTag(HttpContext context, string userId, JsonNode? body) => WithTag(context, tag =>
    {
        var board = BoardOf(context)!;
        var id = tag["id"]!.GetValue<string>();
        board.Tags.Remove(id);
        foreach (var tags in board.ItemTags.Values)
        {
            tags.Remove(id);
        }

        return NoContent();
    });

    private Reply AttachTag(HttpContext context, string userId, JsonNode? body) => WithItem(context, null, item =>
    {
        var board = BoardOf(context)!;
        var tagId = context.Request.Query["tag_id"].ToString();
        if (!board.Tags.ContainsKey(tagId))
        {
            return Fail(404, "tagNotFound", "Tag not found.");
        }

        var type = item["type"]!.GetValue<string>();
        if (type is not ("sticky_note" or "card"))
        {
            return Fail(400, "invalidParameters", "Tags can be attached to sticky notes and cards only.");
        }

        var tags = board.ItemTags.TryGetValue(item["id"]!.GetValue<string>(), out var existing) ? existing : board.ItemTags[item["id"]!.GetValue<string>()] = [];
        if (tags.Count >= 8 && !tags.Contains(tagId))
        {
            return Fail(400, "invalidParameters", "An item can have at most 8 tags.");
        }

        if (!tags.Contains(tagId))
        {
            tags.Add(tagId);
        }

        item["data"]!["tagIds"] = new JsonArray(tags.Select(id => (JsonNode?)id).ToArray());
        return NoContent();
    });

    private Reply DetachTag(HttpContext context, string userId, JsonNode? body) => WithItem(context, null, item =>
    {
        var board = BoardOf(context)!;
        if (board.ItemTags.TryGetValue(item["id"]!.GetValue<string>(), out var tags))
        {
            tags.Remove(context.Request.Query["tag_id"].ToString());
            item["data"]!["tagIds"] = new JsonArray(tags.Select(id => (JsonNode?)id).ToArray());
        }

        return NoContent();
    });

    private Reply TagsOfItem(HttpContext context, string userId, JsonNode? body) => WithItem(context, null, item =>
    {
        var board = BoardOf(context)!;
        var ids = board.ItemTags.GetValueOrDefault(item["id"]!.GetValue<string>()) ?? [];
        return Ok(new JsonObject
        {
            ["tags"] = new JsonArray(ids.Where(board.Tags.ContainsKey).Select(id => (JsonNode?)new JsonObject
            {
                ["fillColor"] = board.Tags[id]["fillColor"]!.DeepClone(), ["id"] = id, ["title"] = board.Tags[id]["title"]!.DeepClone(), ["type"] = "tag",
            }).ToArray()),
        });
    });

    private Reply ItemsByTag(HttpContext context, string userId, JsonNode? body) => WithBoard(context, body, board =>
    {
        if (!TryPage(context, 20, 1, 50, out var limit, out var offset, out var error))
        {
            return error;
        }

        var tagId = context.Request.Query["tag_id"].ToString();
        var all = board.Order.Where(id => board.ItemTags.TryGetValue(id, out var tags) && tags.Contains(tagId)).Select(id => board.Items[id]).ToList();
        return Ok(OffsetPage(context, all.Skip(offset).Take(limit).Select(item => (JsonNode)item), all.Count, offset, limit, "list"));
    });

    // ---- groups -------------------------------------------------------------------------------------------

    private Reply ListGroups(HttpContext context, string userId, JsonNode? body) => WithBoard(context, body, board =>
        CursorPage(context, board.Groups.Select(pair => (JsonNode)GroupJson(board, pair.Key, pair.Value)).ToList()));

    private Reply CreateGroup(HttpContext context, string userId, JsonNode? body) => WithBoard(context, body, board =>
    {
        var items = body?["data"]?["items"]?.AsArray().Select(node => node!.GetValue<string>()).ToList() ?? [];
        if (items.Count < 2 || items.Any(id => !board.Items.ContainsKey(id)))
        {
            return Fail(400, "invalidParameters", "A group needs at least two existing items.");
        }

        var id = (++_nextId).ToString(CultureInfo.InvariantCulture);
        board.Groups[id] = items;
        return Created(GroupJson(board, id, items));
    });

    private Reply UpdateGroup(HttpContext context, string userId, JsonNode? body) => WithGroup(context, (board, group) =>
    {
        var items = body?["data"]?["items"]?.AsArray().Select(node => node!.GetValue<string>()).ToList() ?? [];
        if (items.Count < 2 || items.Any(id => !board.Items.ContainsKey(id)))
        {
            return Fail(400, "invalidParameters", "A group needs at least two existing items.");
        }

        group.Clear();
        group.AddRange(items);
        return Ok(GroupJson(board, group));
    });

    private Reply DeleteGroup(HttpContext context, string userId, JsonNode? body) => WithGroup(context, (board, group) =>
    {
        var id = board.Groups.First(pair => ReferenceEquals(pair.Value, group)).Key;
        board.Groups.Remove(id);
        if (context.Request.Query["delete_items"] == "true")
        {
            foreach (var itemId in group)
            {
                board.Items.Remove(itemId);
                board.Order.Remove(itemId);
            }
        }

        return NoContent();
    });

    private Reply GroupItems(HttpContext context, string userId, JsonNode? body) => WithBoard(context, body, board =>
    {
        var groupId = context.Request.Query["group_item_id"].ToString();
        if (!board.Groups.TryGetValue(groupId, out var group))
        {
            return Fail(404, "groupNotFound", "Group not found.");
        }

        var page = CursorPage(context, group.Where(board.Items.ContainsKey).Select(id => (JsonNode)board.Items[id]).ToList());
        return page;
    });

    private JsonObject GroupJson(Board board, List<string> group) => GroupJson(board, board.Groups.First(pair => ReferenceEquals(pair.Value, group)).Key, group);

    private JsonObject GroupJson(Board board, string id, List<string> group) => new()
    {
        ["id"] = id,
        ["type"] = "group",
        ["data"] = new JsonObject { ["items"] = new JsonArray(group.Select(item => (JsonNode?)item).ToArray()) },
        ["links"] = new JsonObject { ["self"] = $"{BaseUrl}v2/boards/{board.Id}/groups/{id}" },
    };

    // ---- paging -------------------------------------------------------------------------------------------

    private static bool TryPage(HttpContext context, int defaultLimit, int min, int max, out int limit, out int offset, out Reply error)
    {
        error = default;
        limit = defaultLimit;
        offset = 0;
        var query = context.Request.Query;
        if ((query.ContainsKey("limit") && (!int.TryParse(query["limit"], CultureInfo.InvariantCulture, out limit) || limit < min || limit > max))
            || (query.ContainsKey("offset") && (!int.TryParse(query["offset"], CultureInfo.InvariantCulture, out offset) || offset < 0)))
        {
            error = Fail(400, "invalidParameters", $"limit must be {min}–{max} and offset 0 or more.");
            return false;
        }

        return true;
    }

    private JsonObject OffsetPage(HttpContext context, IEnumerable<JsonNode> page, int total, int offset, int limit, string type)
    {
        var data = new JsonArray(page.Select(node => node.DeepClone()).ToArray());
        var self = $"{BaseUrl}{context.Request.Path.Value!.TrimStart('/')}?limit={limit}&offset={offset}";
        var links = new JsonObject { ["self"] = self };
        if (offset + limit < total)
        {
            links["next"] = $"{BaseUrl}{context.Request.Path.Value!.TrimStart('/')}?limit={limit}&offset={offset + limit}";
        }

        return new JsonObject
        {
            ["data"] = data, ["total"] = total, ["size"] = data.Count, ["offset"] = offset, ["limit"] = limit,
            ["links"] = links, ["type"] = type,
        };
    }

    /// <summary>Cursor pages: limit 10–50 (default 10); the cursor is opaque (an encoded position).</summary>
    private Reply CursorPage(HttpContext context, List<JsonNode> all)
    {
        var query = context.Request.Query;
        var limit = 10;
        if (query.ContainsKey("limit") && (!int.TryParse(query["limit"], CultureInfo.InvariantCulture, out limit) || limit < 10 || limit > 50))
        {
            return Fail(400, "invalidParameters", "limit must be between 10 and 50.");
        }

        var start = 0;
        if (NullIfEmpty(query["cursor"].ToString()) is { } cursor)
        {
            try
            {
                start = int.Parse(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Split(':')[1], CultureInfo.InvariantCulture);
            }
            catch (Exception exception) when (exception is FormatException or IndexOutOfRangeException)
            {
                return Fail(400, "invalidParameters", "The cursor is not valid.");
            }
        }

        var data = new JsonArray(all.Skip(start).Take(limit).Select(node => node.DeepClone()).ToArray());
        var page = new JsonObject
        {
            ["data"] = data, ["total"] = all.Count, ["size"] = data.Count, ["limit"] = limit,
        };
        var links = new JsonObject { ["self"] = $"{BaseUrl}{context.Request.Path.Value!.TrimStart('/')}?limit={limit}" };
        if (start + limit < all.Count)
        {
            var next = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("pos:" + (start + limit).ToString(CultureInfo.InvariantCulture)));
            page["cursor"] = next;
            links["next"] = $"{BaseUrl}{context.Request.Path.Value!.TrimStart('/')}?limit={limit}&cursor={Uri.EscapeDataString(next)}";
        }

        page["links"] = links;
        page["type"] = "cursor-list";
        return Ok(page);
    }

    private string Timestamp() => Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed class EmulatedMember(string id, string name)
    {
        public string Id { get; } = id;

        public string Name { get; } = name;

        public string Role { get; set; } = "viewer";

        public string? Email { get; init; }
    }

    private sealed class Board(MiroEmulator emulator, string id, long sequence, string ownerId, DateTimeOffset createdAt)
    {
        public string Id { get; } = id;

        public long Sequence { get; } = sequence;

        public long ModifiedSequence { get; private set; } = sequence;

        public string OwnerId { get; } = ownerId;

        public required string Name { get; set; }

        public required string Description { get; set; }

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public DateTimeOffset ModifiedAt { get; private set; } = createdAt;

        public string ModifiedBy { get; private set; } = ownerId;

        public JsonObject Policy { get; } = new()
        {
            ["permissionsPolicy"] = new JsonObject { ["collaborationToolsStartAccess"] = "all_editors", ["copyAccess"] = "anyone", ["sharingAccess"] = "team_members_with_editing_rights" },
            ["sharingPolicy"] = new JsonObject { ["access"] = "private", ["inviteToAccountAndBoardLinkAccess"] = "no_access", ["organizationAccess"] = "private", ["teamAccess"] = "edit" },
        };

        public Dictionary<string, EmulatedMember> Members { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, JsonObject> Items { get; } = new(StringComparer.Ordinal);

        public List<string> Order { get; } = [];

        public Dictionary<string, JsonObject> Connectors { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, JsonObject> Tags { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<string>> ItemTags { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<string>> Groups { get; } = new(StringComparer.Ordinal);

        public JsonObject Json
        {
            get
            {
                var owner = Members[OwnerId];
                var modifier = emulator._users.GetValueOrDefault(ModifiedBy);
                string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                return new JsonObject
                {
                    ["id"] = Id,
                    ["type"] = "board",
                    ["name"] = Name,
                    ["description"] = Description,
                    ["team"] = new JsonObject { ["id"] = emulator._options.TeamId, ["name"] = emulator._options.TeamName, ["type"] = "team" },
                    ["policy"] = Policy.DeepClone(),
                    ["viewLink"] = $"https://miro.com/app/board/{Id}",
                    ["owner"] = new JsonObject { ["id"] = owner.Id, ["name"] = owner.Name, ["type"] = "user" },
                    ["currentUserMembership"] = new JsonObject { ["id"] = owner.Id, ["name"] = owner.Name, ["role"] = owner.Role, ["type"] = "board_member" },
                    ["createdAt"] = Time(CreatedAt),
                    ["createdBy"] = new JsonObject { ["id"] = owner.Id, ["name"] = owner.Name, ["type"] = "user" },
                    ["modifiedAt"] = Time(ModifiedAt),
                    ["modifiedBy"] = new JsonObject { ["id"] = ModifiedBy, ["name"] = modifier?.Name ?? owner.Name, ["type"] = "user" },
                    ["links"] = new JsonObject { ["self"] = $"{emulator.BaseUrl}v2/boards/{Id}", ["related"] = $"{emulator.BaseUrl}v2/boards/{Id}/members?limit=20&offset=0" },
                };
            }
        }

        public void Touch(string userId, DateTimeOffset now, long sequence)
        {
            ModifiedBy = userId;
            ModifiedAt = now;
            ModifiedSequence = sequence;
        }
    }
}
