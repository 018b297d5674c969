using System.Text.Json.Serialization;

namespace MiroMcp.Server.Tools;

// Enumerations of Miro's OpenAPI spec, used in tool input schemas; a test checks each against the spec.

/// <summary>StickyNoteStyle.fillColor</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StickyNoteColor>))]
public enum StickyNoteColor
{
    [JsonStringEnumMemberName("gray")]
    Gray,
    [JsonStringEnumMemberName("light_yellow")]
    LightYellow,
    [JsonStringEnumMemberName("yellow")]
    Yellow,
    [JsonStringEnumMemberName("orange")]
    Orange,
    [JsonStringEnumMemberName("light_green")]
    LightGreen,
    [JsonStringEnumMemberName("green")]
    Green,
    [JsonStringEnumMemberName("dark_green")]
    DarkGreen,
    [JsonStringEnumMemberName("cyan")]
    Cyan,
    [JsonStringEnumMemberName("light_pink")]
    LightPink,
    [JsonStringEnumMemberName("pink")]
    Pink,
    [JsonStringEnumMemberName("violet")]
    Violet,
    [JsonStringEnumMemberName("red")]
    Red,
    [JsonStringEnumMemberName("light_blue")]
    LightBlue,
    [JsonStringEnumMemberName("blue")]
    Blue,
    [JsonStringEnumMemberName("dark_blue")]
    DarkBlue,
    [JsonStringEnumMemberName("black")]
    Black,
}

/// <summary>StickyNoteData.shape</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StickyNoteShape>))]
public enum StickyNoteShape
{
    [JsonStringEnumMemberName("square")]
    Square,
    [JsonStringEnumMemberName("rectangle")]
    Rectangle,
}

/// <summary>ShapeStyle.textAlign</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TextAlign>))]
public enum TextAlign
{
    [JsonStringEnumMemberName("left")]
    Left,
    [JsonStringEnumMemberName("right")]
    Right,
    [JsonStringEnumMemberName("center")]
    Center,
}

/// <summary>ShapeStyle.textAlignVertical</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TextAlignVertical>))]
public enum TextAlignVertical
{
    [JsonStringEnumMemberName("top")]
    Top,
    [JsonStringEnumMemberName("middle")]
    Middle,
    [JsonStringEnumMemberName("bottom")]
    Bottom,
}

/// <summary>ShapeStyle.fontFamily</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FontFamily>))]
public enum FontFamily
{
    [JsonStringEnumMemberName("arial")]
    Arial,
    [JsonStringEnumMemberName("abril_fatface")]
    AbrilFatface,
    [JsonStringEnumMemberName("bangers")]
    Bangers,
    [JsonStringEnumMemberName("eb_garamond")]
    EbGaramond,
    [JsonStringEnumMemberName("georgia")]
    Georgia,
    [JsonStringEnumMemberName("graduate")]
    Graduate,
    [JsonStringEnumMemberName("gravitas_one")]
    GravitasOne,
    [JsonStringEnumMemberName("fredoka_one")]
    FredokaOne,
    [JsonStringEnumMemberName("nixie_one")]
    NixieOne,
    [JsonStringEnumMemberName("open_sans")]
    OpenSans,
    [JsonStringEnumMemberName("permanent_marker")]
    PermanentMarker,
    [JsonStringEnumMemberName("pt_sans")]
    PtSans,
    [JsonStringEnumMemberName("pt_sans_narrow")]
    PtSansNarrow,
    [JsonStringEnumMemberName("pt_serif")]
    PtSerif,
    [JsonStringEnumMemberName("rammetto_one")]
    RammettoOne,
    [JsonStringEnumMemberName("roboto")]
    Roboto,
    [JsonStringEnumMemberName("roboto_condensed")]
    RobotoCondensed,
    [JsonStringEnumMemberName("roboto_slab")]
    RobotoSlab,
    [JsonStringEnumMemberName("caveat")]
    Caveat,
    [JsonStringEnumMemberName("times_new_roman")]
    TimesNewRoman,
    [JsonStringEnumMemberName("titan_one")]
    TitanOne,
    [JsonStringEnumMemberName("lemon_tuesday")]
    LemonTuesday,
    [JsonStringEnumMemberName("roboto_mono")]
    RobotoMono,
    [JsonStringEnumMemberName("noto_sans")]
    NotoSans,
    [JsonStringEnumMemberName("plex_sans")]
    PlexSans,
    [JsonStringEnumMemberName("plex_serif")]
    PlexSerif,
    [JsonStringEnumMemberName("plex_mono")]
    PlexMono,
    [JsonStringEnumMemberName("spoof")]
    Spoof,
    [JsonStringEnumMemberName("tiempos_text")]
    TiemposText,
    [JsonStringEnumMemberName("formular")]
    Formular,
}

/// <summary>ShapeData.shape</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ShapeType>))]
public enum ShapeType
{
    [JsonStringEnumMemberName("rectangle")]
    Rectangle,
    [JsonStringEnumMemberName("round_rectangle")]
    RoundRectangle,
    [JsonStringEnumMemberName("circle")]
    Circle,
    [JsonStringEnumMemberName("triangle")]
    Triangle,
    [JsonStringEnumMemberName("rhombus")]
    Rhombus,
    [JsonStringEnumMemberName("parallelogram")]
    Parallelogram,
    [JsonStringEnumMemberName("trapezoid")]
    Trapezoid,
    [JsonStringEnumMemberName("pentagon")]
    Pentagon,
    [JsonStringEnumMemberName("hexagon")]
    Hexagon,
    [JsonStringEnumMemberName("octagon")]
    Octagon,
    [JsonStringEnumMemberName("wedge_round_rectangle_callout")]
    WedgeRoundRectangleCallout,
    [JsonStringEnumMemberName("star")]
    Star,
    [JsonStringEnumMemberName("flow_chart_predefined_process")]
    FlowChartPredefinedProcess,
    [JsonStringEnumMemberName("cloud")]
    Cloud,
    [JsonStringEnumMemberName("cross")]
    Cross,
    [JsonStringEnumMemberName("can")]
    Can,
    [JsonStringEnumMemberName("right_arrow")]
    RightArrow,
    [JsonStringEnumMemberName("left_arrow")]
    LeftArrow,
    [JsonStringEnumMemberName("left_right_arrow")]
    LeftRightArrow,
    [JsonStringEnumMemberName("left_brace")]
    LeftBrace,
    [JsonStringEnumMemberName("right_brace")]
    RightBrace,
}

/// <summary>ShapeCreateRequest.data.shape (experimental)</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FlowchartShapeType>))]
public enum FlowchartShapeType
{
    [JsonStringEnumMemberName("rectangle")]
    Rectangle,
    [JsonStringEnumMemberName("round_rectangle")]
    RoundRectangle,
    [JsonStringEnumMemberName("circle")]
    Circle,
    [JsonStringEnumMemberName("triangle")]
    Triangle,
    [JsonStringEnumMemberName("rhombus")]
    Rhombus,
    [JsonStringEnumMemberName("parallelogram")]
    Parallelogram,
    [JsonStringEnumMemberName("trapezoid")]
    Trapezoid,
    [JsonStringEnumMemberName("pentagon")]
    Pentagon,
    [JsonStringEnumMemberName("hexagon")]
    Hexagon,
    [JsonStringEnumMemberName("octagon")]
    Octagon,
    [JsonStringEnumMemberName("wedge_round_rectangle_callout")]
    WedgeRoundRectangleCallout,
    [JsonStringEnumMemberName("star")]
    Star,
    [JsonStringEnumMemberName("flow_chart_predefined_process")]
    FlowChartPredefinedProcess,
    [JsonStringEnumMemberName("cloud")]
    Cloud,
    [JsonStringEnumMemberName("cross")]
    Cross,
    [JsonStringEnumMemberName("can")]
    Can,
    [JsonStringEnumMemberName("right_arrow")]
    RightArrow,
    [JsonStringEnumMemberName("left_arrow")]
    LeftArrow,
    [JsonStringEnumMemberName("left_right_arrow")]
    LeftRightArrow,
    [JsonStringEnumMemberName("left_brace")]
    LeftBrace,
    [JsonStringEnumMemberName("right_brace")]
    RightBrace,
    [JsonStringEnumMemberName("flow_chart_connector")]
    FlowChartConnector,
    [JsonStringEnumMemberName("flow_chart_magnetic_disk")]
    FlowChartMagneticDisk,
    [JsonStringEnumMemberName("flow_chart_input_output")]
    FlowChartInputOutput,
    [JsonStringEnumMemberName("flow_chart_decision")]
    FlowChartDecision,
    [JsonStringEnumMemberName("flow_chart_delay")]
    FlowChartDelay,
    [JsonStringEnumMemberName("flow_chart_display")]
    FlowChartDisplay,
    [JsonStringEnumMemberName("flow_chart_document")]
    FlowChartDocument,
    [JsonStringEnumMemberName("flow_chart_magnetic_drum")]
    FlowChartMagneticDrum,
    [JsonStringEnumMemberName("flow_chart_internal_storage")]
    FlowChartInternalStorage,
    [JsonStringEnumMemberName("flow_chart_manual_input")]
    FlowChartManualInput,
    [JsonStringEnumMemberName("flow_chart_manual_operation")]
    FlowChartManualOperation,
    [JsonStringEnumMemberName("flow_chart_merge")]
    FlowChartMerge,
    [JsonStringEnumMemberName("flow_chart_multidocuments")]
    FlowChartMultidocuments,
    [JsonStringEnumMemberName("flow_chart_note_curly_left")]
    FlowChartNoteCurlyLeft,
    [JsonStringEnumMemberName("flow_chart_note_curly_right")]
    FlowChartNoteCurlyRight,
    [JsonStringEnumMemberName("flow_chart_note_square")]
    FlowChartNoteSquare,
    [JsonStringEnumMemberName("flow_chart_offpage_connector")]
    FlowChartOffpageConnector,
    [JsonStringEnumMemberName("flow_chart_or")]
    FlowChartOr,
    [JsonStringEnumMemberName("flow_chart_predefined_process_2")]
    FlowChartPredefinedProcess2,
    [JsonStringEnumMemberName("flow_chart_preparation")]
    FlowChartPreparation,
    [JsonStringEnumMemberName("flow_chart_process")]
    FlowChartProcess,
    [JsonStringEnumMemberName("flow_chart_online_storage")]
    FlowChartOnlineStorage,
    [JsonStringEnumMemberName("flow_chart_summing_junction")]
    FlowChartSummingJunction,
    [JsonStringEnumMemberName("flow_chart_terminator")]
    FlowChartTerminator,
}

/// <summary>ShapeStyle.borderStyle</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LineStyle>))]
public enum LineStyle
{
    [JsonStringEnumMemberName("normal")]
    Normal,
    [JsonStringEnumMemberName("dotted")]
    Dotted,
    [JsonStringEnumMemberName("dashed")]
    Dashed,
}

/// <summary>ConnectorCreationData.shape</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConnectorShape>))]
public enum ConnectorShape
{
    [JsonStringEnumMemberName("straight")]
    Straight,
    [JsonStringEnumMemberName("elbowed")]
    Elbowed,
    [JsonStringEnumMemberName("curved")]
    Curved,
}

/// <summary>ConnectorStyle.endStrokeCap</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StrokeCap>))]
public enum StrokeCap
{
    [JsonStringEnumMemberName("none")]
    None,
    [JsonStringEnumMemberName("stealth")]
    Stealth,
    [JsonStringEnumMemberName("rounded_stealth")]
    RoundedStealth,
    [JsonStringEnumMemberName("diamond")]
    Diamond,
    [JsonStringEnumMemberName("filled_diamond")]
    FilledDiamond,
    [JsonStringEnumMemberName("oval")]
    Oval,
    [JsonStringEnumMemberName("filled_oval")]
    FilledOval,
    [JsonStringEnumMemberName("arrow")]
    Arrow,
    [JsonStringEnumMemberName("triangle")]
    Triangle,
    [JsonStringEnumMemberName("filled_triangle")]
    FilledTriangle,
    [JsonStringEnumMemberName("erd_one")]
    ErdOne,
    [JsonStringEnumMemberName("erd_many")]
    ErdMany,
    [JsonStringEnumMemberName("erd_only_one")]
    ErdOnlyOne,
    [JsonStringEnumMemberName("erd_zero_or_one")]
    ErdZeroOrOne,
    [JsonStringEnumMemberName("erd_one_or_many")]
    ErdOneOrMany,
    [JsonStringEnumMemberName("erd_zero_or_many")]
    ErdZeroOrMany,
    [JsonStringEnumMemberName("unknown")]
    Unknown,
}

/// <summary>ItemConnectionCreationData.snapTo</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SnapTo>))]
public enum SnapTo
{
    [JsonStringEnumMemberName("auto")]
    Auto,
    [JsonStringEnumMemberName("top")]
    Top,
    [JsonStringEnumMemberName("right")]
    Right,
    [JsonStringEnumMemberName("bottom")]
    Bottom,
    [JsonStringEnumMemberName("left")]
    Left,
}

/// <summary>TagCreateRequest.fillColor</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TagColor>))]
public enum TagColor
{
    [JsonStringEnumMemberName("red")]
    Red,
    [JsonStringEnumMemberName("light_green")]
    LightGreen,
    [JsonStringEnumMemberName("cyan")]
    Cyan,
    [JsonStringEnumMemberName("yellow")]
    Yellow,
    [JsonStringEnumMemberName("magenta")]
    Magenta,
    [JsonStringEnumMemberName("green")]
    Green,
    [JsonStringEnumMemberName("blue")]
    Blue,
    [JsonStringEnumMemberName("gray")]
    Gray,
    [JsonStringEnumMemberName("violet")]
    Violet,
    [JsonStringEnumMemberName("dark_green")]
    DarkGreen,
    [JsonStringEnumMemberName("dark_blue")]
    DarkBlue,
    [JsonStringEnumMemberName("black")]
    Black,
}

/// <summary>BoardMemberChanges.role</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BoardRole>))]
public enum BoardRole
{
    [JsonStringEnumMemberName("viewer")]
    Viewer,
    [JsonStringEnumMemberName("commenter")]
    Commenter,
    [JsonStringEnumMemberName("editor")]
    Editor,
    [JsonStringEnumMemberName("coowner")]
    Coowner,
    [JsonStringEnumMemberName("owner")]
    Owner,
}

/// <summary>BoardMembersInvite.role</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InviteRole>))]
public enum InviteRole
{
    [JsonStringEnumMemberName("viewer")]
    Viewer,
    [JsonStringEnumMemberName("commenter")]
    Commenter,
    [JsonStringEnumMemberName("editor")]
    Editor,
    [JsonStringEnumMemberName("coowner")]
    Coowner,
    [JsonStringEnumMemberName("owner")]
    Owner,
}

/// <summary>BoardSharingPolicy.access</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BoardAccess>))]
public enum BoardAccess
{
    [JsonStringEnumMemberName("private")]
    Private,
    [JsonStringEnumMemberName("view")]
    View,
    [JsonStringEnumMemberName("edit")]
    Edit,
    [JsonStringEnumMemberName("comment")]
    Comment,
}

/// <summary>BoardSharingPolicy.teamAccess</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TeamAccess>))]
public enum TeamAccess
{
    [JsonStringEnumMemberName("private")]
    Private,
    [JsonStringEnumMemberName("view")]
    View,
    [JsonStringEnumMemberName("comment")]
    Comment,
    [JsonStringEnumMemberName("edit")]
    Edit,
}

/// <summary>get-boards sort</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BoardSort>))]
public enum BoardSort
{
    [JsonStringEnumMemberName("default")]
    Default,
    [JsonStringEnumMemberName("last_modified")]
    LastModified,
    [JsonStringEnumMemberName("last_opened")]
    LastOpened,
    [JsonStringEnumMemberName("last_created")]
    LastCreated,
    [JsonStringEnumMemberName("alphabetically")]
    Alphabetically,
}

/// <summary>get-items type</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ItemType>))]
public enum ItemType
{
    [JsonStringEnumMemberName("text")]
    Text,
    [JsonStringEnumMemberName("shape")]
    Shape,
    [JsonStringEnumMemberName("sticky_note")]
    StickyNote,
    [JsonStringEnumMemberName("image")]
    Image,
    [JsonStringEnumMemberName("document")]
    Document,
    [JsonStringEnumMemberName("card")]
    Card,
    [JsonStringEnumMemberName("app_card")]
    AppCard,
    [JsonStringEnumMemberName("preview")]
    Preview,
    [JsonStringEnumMemberName("frame")]
    Frame,
    [JsonStringEnumMemberName("embed")]
    Embed,
    [JsonStringEnumMemberName("doc_format")]
    DocFormat,
    [JsonStringEnumMemberName("data_table_format")]
    DataTableFormat,
}

/// <summary>ItemCreate.type</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BulkItemType>))]
public enum BulkItemType
{
    [JsonStringEnumMemberName("app_card")]
    AppCard,
    [JsonStringEnumMemberName("text")]
    Text,
    [JsonStringEnumMemberName("shape")]
    Shape,
    [JsonStringEnumMemberName("sticky_note")]
    StickyNote,
    [JsonStringEnumMemberName("image")]
    Image,
    [JsonStringEnumMemberName("document")]
    Document,
    [JsonStringEnumMemberName("card")]
    Card,
    [JsonStringEnumMemberName("frame")]
    Frame,
    [JsonStringEnumMemberName("embed")]
    Embed,
}

/// <summary>AppCardData.status</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AppCardStatus>))]
public enum AppCardStatus
{
    [JsonStringEnumMemberName("disconnected")]
    Disconnected,
    [JsonStringEnumMemberName("connected")]
    Connected,
    [JsonStringEnumMemberName("disabled")]
    Disabled,
}

/// <summary>EmbedUrlData.mode</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EmbedMode>))]
public enum EmbedMode
{
    [JsonStringEnumMemberName("inline")]
    Inline,
    [JsonStringEnumMemberName("modal")]
    Modal,
}
