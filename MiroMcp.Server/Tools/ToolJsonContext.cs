using System.Text.Json;
using System.Text.Json.Serialization;
using ModelContextProtocol;

namespace MiroMcp.Server.Tools;

/// <summary>
/// Source-generated contracts for every parameter and result type of the tools, so that the SDK builds their schemas,
/// binds their arguments and writes their results without reflection (Native AOT has none). The options are those of
/// <see cref="McpJsonUtilities.DefaultOptions"/>, which the SDK used before: the schemas, and tool-list.json, stay as
/// they were (ToolListSnapshotTests). <see cref="MiroToolCatalogue.SerializerOptions"/> chains the two.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(bool?))]
[JsonSerializable(typeof(int?))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(double?))]
[JsonSerializable(typeof(BulkItem[]))]
[JsonSerializable(typeof(UploadFile[]))]
[JsonSerializable(typeof(StickyNoteColor?))]
[JsonSerializable(typeof(StickyNoteShape?))]
[JsonSerializable(typeof(TextAlign?))]
[JsonSerializable(typeof(TextAlignVertical?))]
[JsonSerializable(typeof(FontFamily?))]
[JsonSerializable(typeof(ShapeType?))]
[JsonSerializable(typeof(FlowchartShapeType))]
[JsonSerializable(typeof(FlowchartShapeType?))]
[JsonSerializable(typeof(LineStyle?))]
[JsonSerializable(typeof(ConnectorShape?))]
[JsonSerializable(typeof(StrokeCap?))]
[JsonSerializable(typeof(SnapTo?))]
[JsonSerializable(typeof(TagColor?))]
[JsonSerializable(typeof(BoardRole))]
[JsonSerializable(typeof(InviteRole?))]
[JsonSerializable(typeof(BoardAccess?))]
[JsonSerializable(typeof(TeamAccess?))]
[JsonSerializable(typeof(BoardSort?))]
[JsonSerializable(typeof(ItemType?))]
[JsonSerializable(typeof(AppCardStatus?))]
[JsonSerializable(typeof(EmbedMode?))]
internal sealed partial class ToolJsonContext : JsonSerializerContext;
