namespace MiroMcp.Server.Miro;

/// <summary>
/// One Miro REST operation: its operationId, method, path template (as in the OpenAPI spec) and rate-limit level
/// (1–4; 0 where the spec names none). A test checks every entry against specs/miro-rest-v2.openapi.json.
/// </summary>
internal sealed record MiroOperation(string OperationId, string Method, string PathTemplate, int Level)
{
    /// <summary>Credits the call costs (Miro: L1 50, L2 100, L3 500, L4 2,000; unknown counts as L1).</summary>
    public int Credits => Level switch { 2 => 100, 3 => 500, 4 => 2000, _ => 50 };
}

/// <summary>Every Miro REST v2 operation that does not need an Enterprise plan (generated from specs/miro-operations.md).</summary>
internal static class MiroOperations
{
    public static readonly MiroOperation CreateAppCardItem = new("create-app-card-item", "POST", "/v2/boards/{board_id}/app_cards", 2);
    public static readonly MiroOperation DeleteAppCardItem = new("delete-app-card-item", "DELETE", "/v2/boards/{board_id}/app_cards/{item_id}", 3);
    public static readonly MiroOperation GetAppCardItem = new("get-app-card-item", "GET", "/v2/boards/{board_id}/app_cards/{item_id}", 1);
    public static readonly MiroOperation UpdateAppCardItem = new("update-app-card-item", "PATCH", "/v2/boards/{board_id}/app_cards/{item_id}", 2);
    public static readonly MiroOperation GetMetrics = new("get-metrics", "GET", "/v2-experimental/apps/{app_id}/metrics", 1);
    public static readonly MiroOperation GetMetricsTotal = new("get-metrics-total", "GET", "/v2-experimental/apps/{app_id}/metrics-total", 1);
    public static readonly MiroOperation GetBoardMembers = new("get-board-members", "GET", "/v2/boards/{board_id}/members", 1);
    public static readonly MiroOperation ShareBoard = new("share-board", "POST", "/v2/boards/{board_id}/members", 3);
    public static readonly MiroOperation RemoveBoardMember = new("remove-board-member", "DELETE", "/v2/boards/{board_id}/members/{board_member_id}", 2);
    public static readonly MiroOperation GetSpecificBoardMember = new("get-specific-board-member", "GET", "/v2/boards/{board_id}/members/{board_member_id}", 1);
    public static readonly MiroOperation UpdateBoardMember = new("update-board-member", "PATCH", "/v2/boards/{board_id}/members/{board_member_id}", 2);
    public static readonly MiroOperation GetBoards = new("get-boards", "GET", "/v2/boards", 1);
    public static readonly MiroOperation CreateBoard = new("create-board", "POST", "/v2/boards", 3);
    public static readonly MiroOperation CopyBoard = new("copy-board", "PUT", "/v2/boards", 4);
    public static readonly MiroOperation DeleteBoard = new("delete-board", "DELETE", "/v2/boards/{board_id}", 3);
    public static readonly MiroOperation GetSpecificBoard = new("get-specific-board", "GET", "/v2/boards/{board_id}", 1);
    public static readonly MiroOperation UpdateBoard = new("update-board", "PATCH", "/v2/boards/{board_id}", 2);
    public static readonly MiroOperation CreateItemsInBulkUsingFileFromDevice = new("create-items-in-bulk-using-file-from-device", "POST", "/v2/boards/{board_id_Platformcreateitemsinbulkusingfilefromdevice}/items/bulk", 2);
    public static readonly MiroOperation CreateItems = new("create-items", "POST", "/v2/boards/{board_id}/items/bulk", 2);
    public static readonly MiroOperation CreateCardItem = new("create-card-item", "POST", "/v2/boards/{board_id}/cards", 2);
    public static readonly MiroOperation DeleteCardItem = new("delete-card-item", "DELETE", "/v2/boards/{board_id}/cards/{item_id}", 3);
    public static readonly MiroOperation GetCardItem = new("get-card-item", "GET", "/v2/boards/{board_id}/cards/{item_id}", 1);
    public static readonly MiroOperation UpdateCardItem = new("update-card-item", "PATCH", "/v2/boards/{board_id}/cards/{item_id}", 2);
    public static readonly MiroOperation GetCodeWidgetItems = new("get-code-widget-items", "GET", "/v2-experimental/boards/{board_id}/code_widgets", 2);
    public static readonly MiroOperation CreateCodeWidgetItem = new("create-code-widget-item", "POST", "/v2-experimental/boards/{board_id}/code_widgets", 2);
    public static readonly MiroOperation DeleteCodeWidgetItem = new("delete-code-widget-item", "DELETE", "/v2-experimental/boards/{board_id}/code_widgets/{item_id}", 3);
    public static readonly MiroOperation GetCodeWidgetItem = new("get-code-widget-item", "GET", "/v2-experimental/boards/{board_id}/code_widgets/{item_id}", 1);
    public static readonly MiroOperation UpdateCodeWidgetItem = new("update-code-widget-item", "PATCH", "/v2-experimental/boards/{board_id}/code_widgets/{item_id}", 2);
    public static readonly MiroOperation MoveCodeWidgetItem = new("move-code-widget-item", "PATCH", "/v2-experimental/boards/{board_id}/code_widgets/{item_id}/position", 2);
    public static readonly MiroOperation GetConnectors = new("get-connectors", "GET", "/v2/boards/{board_id}/connectors", 2);
    public static readonly MiroOperation CreateConnector = new("create-connector", "POST", "/v2/boards/{board_id}/connectors", 2);
    public static readonly MiroOperation DeleteConnector = new("delete-connector", "DELETE", "/v2/boards/{board_id}/connectors/{connector_id}", 3);
    public static readonly MiroOperation GetConnector = new("get-connector", "GET", "/v2/boards/{board_id}/connectors/{connector_id}", 1);
    public static readonly MiroOperation UpdateConnector = new("update-connector", "PATCH", "/v2/boards/{board_id}/connectors/{connector_id}", 2);
    public static readonly MiroOperation ListResourceTypes = new("listResourceTypes", "GET", "/ResourceTypes", 0);
    public static readonly MiroOperation GetResourceType = new("getResourceType", "GET", "/ResourceTypes/{resource}", 0);
    public static readonly MiroOperation ListSchemas = new("listSchemas", "GET", "/Schemas", 0);
    public static readonly MiroOperation GetSchema = new("getSchema", "GET", "/Schemas/{uri}", 0);
    public static readonly MiroOperation ListServiceProviderConfigs = new("listServiceProviderConfigs", "GET", "/ServiceProviderConfig", 0);
    public static readonly MiroOperation CreateDocumentItemUsingUrl = new("create-document-item-using-url", "POST", "/v2/boards/{board_id}/documents", 2);
    public static readonly MiroOperation DeleteDocumentItem = new("delete-document-item", "DELETE", "/v2/boards/{board_id}/documents/{item_id}", 3);
    public static readonly MiroOperation GetDocumentItem = new("get-document-item", "GET", "/v2/boards/{board_id}/documents/{item_id}", 1);
    public static readonly MiroOperation UpdateDocumentItemUsingUrl = new("update-document-item-using-url", "PATCH", "/v2/boards/{board_id}/documents/{item_id}", 2);
    public static readonly MiroOperation CreateEmbedItem = new("create-embed-item", "POST", "/v2/boards/{board_id}/embeds", 2);
    public static readonly MiroOperation DeleteEmbedItem = new("delete-embed-item", "DELETE", "/v2/boards/{board_id}/embeds/{item_id}", 3);
    public static readonly MiroOperation GetEmbedItem = new("get-embed-item", "GET", "/v2/boards/{board_id}/embeds/{item_id}", 1);
    public static readonly MiroOperation UpdateEmbedItem = new("update-embed-item", "PATCH", "/v2/boards/{board_id}/embeds/{item_id}", 2);
    public static readonly MiroOperation GetItemsExperimental = new("get-items-experimental", "GET", "/v2-experimental/boards/{board_id}/items", 2);
    public static readonly MiroOperation GetSpecificItemExperimental = new("get-specific-item-experimental", "GET", "/v2-experimental/boards/{board_id}/items/{item_id}", 1);
    public static readonly MiroOperation CreateShapeItemFlowchart = new("create-shape-item-flowchart", "POST", "/v2-experimental/boards/{board_id}/shapes", 2);
    public static readonly MiroOperation DeleteShapeItemFlowchart = new("delete-shape-item-flowchart", "DELETE", "/v2-experimental/boards/{board_id}/shapes/{item_id}", 3);
    public static readonly MiroOperation GetShapeItemFlowchart = new("get-shape-item-flowchart", "GET", "/v2-experimental/boards/{board_id}/shapes/{item_id}", 1);
    public static readonly MiroOperation UpdateShapeItemFlowchart = new("update-shape-item-flowchart", "PATCH", "/v2-experimental/boards/{board_id}/shapes/{item_id}", 2);
    public static readonly MiroOperation ListGroups = new("listGroups", "GET", "/Groups", 0);
    public static readonly MiroOperation GetGroup = new("getGroup", "GET", "/Groups/{id}", 0);
    public static readonly MiroOperation PatchGroup = new("patchGroup", "PATCH", "/Groups/{id}", 0);
    public static readonly MiroOperation CreateImageItemUsingUrl = new("create-image-item-using-url", "POST", "/v2/boards/{board_id}/images", 2);
    public static readonly MiroOperation DeleteImageItem = new("delete-image-item", "DELETE", "/v2/boards/{board_id}/images/{item_id}", 3);
    public static readonly MiroOperation GetImageItem = new("get-image-item", "GET", "/v2/boards/{board_id}/images/{item_id}", 1);
    public static readonly MiroOperation UpdateImageItemUsingUrl = new("update-image-item-using-url", "PATCH", "/v2/boards/{board_id}/images/{item_id}", 2);
    public static readonly MiroOperation GetItems = new("get-items", "GET", "/v2/boards/{board_id}/items", 2);
    public static readonly MiroOperation DeleteItem = new("delete-item", "DELETE", "/v2/boards/{board_id}/items/{item_id}", 3);
    public static readonly MiroOperation GetSpecificItem = new("get-specific-item", "GET", "/v2/boards/{board_id}/items/{item_id}", 1);
    public static readonly MiroOperation UpdateItemPositionOrParent = new("update-item-position-or-parent", "PATCH", "/v2/boards/{board_id}/items/{item_id}", 2);
    public static readonly MiroOperation GetMindmapNodesExperimental = new("get-mindmap-nodes-experimental", "GET", "/v2-experimental/boards/{board_id}/mindmap_nodes", 2);
    public static readonly MiroOperation CreateMindmapNodesExperimental = new("create-mindmap-nodes-experimental", "POST", "/v2-experimental/boards/{board_id}/mindmap_nodes", 2);
    public static readonly MiroOperation DeleteMindmapNodeExperimental = new("delete-mindmap-node-experimental", "DELETE", "/v2-experimental/boards/{board_id}/mindmap_nodes/{item_id}", 3);
    public static readonly MiroOperation GetMindmapNodeExperimental = new("get-mindmap-node-experimental", "GET", "/v2-experimental/boards/{board_id}/mindmap_nodes/{item_id}", 1);
    public static readonly MiroOperation RevokeTokenV2 = new("revoke-token-v2", "POST", "/v2/oauth/revoke", 0);
    public static readonly MiroOperation CreateShapeItem = new("create-shape-item", "POST", "/v2/boards/{board_id}/shapes", 2);
    public static readonly MiroOperation DeleteShapeItem = new("delete-shape-item", "DELETE", "/v2/boards/{board_id}/shapes/{item_id}", 3);
    public static readonly MiroOperation GetShapeItem = new("get-shape-item", "GET", "/v2/boards/{board_id}/shapes/{item_id}", 1);
    public static readonly MiroOperation UpdateShapeItem = new("update-shape-item", "PATCH", "/v2/boards/{board_id}/shapes/{item_id}", 2);
    public static readonly MiroOperation CreateStickyNoteItem = new("create-sticky-note-item", "POST", "/v2/boards/{board_id}/sticky_notes", 2);
    public static readonly MiroOperation DeleteStickyNoteItem = new("delete-sticky-note-item", "DELETE", "/v2/boards/{board_id}/sticky_notes/{item_id}", 3);
    public static readonly MiroOperation GetStickyNoteItem = new("get-sticky-note-item", "GET", "/v2/boards/{board_id}/sticky_notes/{item_id}", 1);
    public static readonly MiroOperation UpdateStickyNoteItem = new("update-sticky-note-item", "PATCH", "/v2/boards/{board_id}/sticky_notes/{item_id}", 2);
    public static readonly MiroOperation CreateTextItem = new("create-text-item", "POST", "/v2/boards/{board_id}/texts", 2);
    public static readonly MiroOperation DeleteTextItem = new("delete-text-item", "DELETE", "/v2/boards/{board_id}/texts/{item_id}", 3);
    public static readonly MiroOperation GetTextItem = new("get-text-item", "GET", "/v2/boards/{board_id}/texts/{item_id}", 1);
    public static readonly MiroOperation UpdateTextItem = new("update-text-item", "PATCH", "/v2/boards/{board_id}/texts/{item_id}", 2);
    public static readonly MiroOperation ListUsers = new("listUsers", "GET", "/Users", 0);
    public static readonly MiroOperation CreateUser = new("createUser", "POST", "/Users", 0);
    public static readonly MiroOperation DeleteUser = new("deleteUser", "DELETE", "/Users/{id}", 0);
    public static readonly MiroOperation GetUser = new("getUser", "GET", "/Users/{id}", 0);
    public static readonly MiroOperation PatchUser = new("patchUser", "PATCH", "/Users/{id}", 0);
    public static readonly MiroOperation ReplaceUser = new("replaceUser", "PUT", "/Users/{id}", 0);
    public static readonly MiroOperation CreateDocFormatItem = new("create-doc-format-item", "POST", "/v2/boards/{board_id}/docs", 2);
    public static readonly MiroOperation DeleteDocFormatItem = new("delete-doc-format-item", "DELETE", "/v2/boards/{board_id}/docs/{item_id}", 3);
    public static readonly MiroOperation GetDocFormatItem = new("get-doc-format-item", "GET", "/v2/boards/{board_id}/docs/{item_id}", 1);
    public static readonly MiroOperation CreateDocumentItemUsingFileFromDevice = new("create-document-item-using-file-from-device", "POST", "/v2/boards/{board_id_PlatformFileUpload}/documents", 2);
    public static readonly MiroOperation UpdateDocumentItemUsingFileFromDevice = new("update-document-item-using-file-from-device", "PATCH", "/v2/boards/{board_id_PlatformFileUpload}/documents/{item_id}", 2);
    public static readonly MiroOperation CreateFrameItem = new("create-frame-item", "POST", "/v2/boards/{board_id}/frames", 2);
    public static readonly MiroOperation DeleteFrameItem = new("delete-frame-item", "DELETE", "/v2/boards/{board_id}/frames/{item_id}", 3);
    public static readonly MiroOperation GetFrameItem = new("get-frame-item", "GET", "/v2/boards/{board_id}/frames/{item_id}", 1);
    public static readonly MiroOperation UpdateFrameItem = new("update-frame-item", "PATCH", "/v2/boards/{board_id}/frames/{item_id}", 2);
    public static readonly MiroOperation GetAllGroups = new("get-all-groups", "GET", "/v2/boards/{board_id}/groups", 2);
    public static readonly MiroOperation CreateGroup = new("createGroup", "POST", "/v2/boards/{board_id}/groups", 2);
    public static readonly MiroOperation GetItemsByGroupId = new("getItemsByGroupId", "GET", "/v2/boards/{board_id}/groups/items", 2);
    public static readonly MiroOperation UnGroup = new("unGroup", "DELETE", "/v2/boards/{board_id}/groups/{group_id}", 3);
    public static readonly MiroOperation GetGroupById = new("getGroupById", "GET", "/v2/boards/{board_id}/groups/{group_id}", 2);
    public static readonly MiroOperation UpdateGroup = new("updateGroup", "PUT", "/v2/boards/{board_id}/groups/{group_id}", 2);
    public static readonly MiroOperation DeleteGroup = new("deleteGroup", "DELETE", "/v2/boards/{board_id}/groups/{group_id}?", 3);
    public static readonly MiroOperation CreateImageItemUsingLocalFile = new("create-image-item-using-local-file", "POST", "/v2/boards/{board_id_PlatformFileUpload}/images", 2);
    public static readonly MiroOperation UpdateImageItemUsingFileFromDevice = new("update-image-item-using-file-from-device", "PATCH", "/v2/boards/{board_id_PlatformFileUpload}/images/{item_id}", 2);
    public static readonly MiroOperation DeleteItemExperimental = new("delete-item-experimental", "DELETE", "/v2-experimental/boards/{board_id}/items/{item_id}", 3);
    public static readonly MiroOperation GetItemsWithinFrame = new("get-items-within-frame", "GET", "/v2/boards/{board_id_PlatformContainers}/items", 2);
    public static readonly MiroOperation GetItemsByTag = new("get-items-by-tag", "GET", "/v2/boards/{board_id_PlatformTags}/items", 1);
    public static readonly MiroOperation RemoveTagFromItem = new("remove-tag-from-item", "DELETE", "/v2/boards/{board_id_PlatformTags}/items/{item_id}", 1);
    public static readonly MiroOperation AttachTagToItem = new("attach-tag-to-item", "POST", "/v2/boards/{board_id_PlatformTags}/items/{item_id}", 1);
    public static readonly MiroOperation GetTagsFromItem = new("get-tags-from-item", "GET", "/v2/boards/{board_id}/items/{item_id}/tags", 1);
    public static readonly MiroOperation GetTagsFromBoard = new("get-tags-from-board", "GET", "/v2/boards/{board_id}/tags", 1);
    public static readonly MiroOperation CreateTag = new("create-tag", "POST", "/v2/boards/{board_id}/tags", 1);
    public static readonly MiroOperation DeleteTag = new("delete-tag", "DELETE", "/v2/boards/{board_id}/tags/{tag_id}", 1);
    public static readonly MiroOperation GetTag = new("get-tag", "GET", "/v2/boards/{board_id}/tags/{tag_id}", 1);
    public static readonly MiroOperation UpdateTag = new("update-tag", "PATCH", "/v2/boards/{board_id}/tags/{tag_id}", 1);
    public static readonly MiroOperation TokenInfo = new("token-info", "GET", "/v1/oauth-token", 0);
    public static readonly MiroOperation RevokeToken = new("revoke-token", "POST", "/v1/oauth/revoke", 0);
}
