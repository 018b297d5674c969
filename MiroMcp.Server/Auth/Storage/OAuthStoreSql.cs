namespace MiroMcp.Server.Auth.Storage;

/// <summary>What the OAuth stores share beyond <see cref="OAuthDatabase"/>.</summary>
internal static class OAuthStoreSql
{
    /// <summary>
    /// OpenIddict's managers call the LINQ overloads only from their own LINQ overloads, which MiroMcp never uses;
    /// running an arbitrary expression in memory would need dynamic code, which Native AOT does not allow.
    /// </summary>
    public static NotSupportedException LinqQueriesNotSupported() => new(
        "Arbitrary LINQ queries are not supported by MiroMcp's OAuth stores (docs/decisions/009-oauth-stores-without-ef-core.md); use the store's finders.");

    /// <summary>
    /// A LIKE pattern (escape character <c>\</c>) for JSON text that holds <paramref name="value"/> as a string, written
    /// as <see cref="StoreJson"/> writes it, quotes included (so a prefix of another element does not match). A
    /// pre-filter only: SQLite's LIKE ignores ASCII case, and an element may hold an escaped quote and then the value.
    /// </summary>
    public static string JsonStringLikePattern(string value)
    {
        var array = StoreJson.WriteArray([value])!;
        var element = array[1..^1];
        return "%" + element.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
    }

    public static async ValueTask<T?> FirstOrDefaultAsync<T>(IAsyncEnumerable<T> rows)
        where T : class
    {
        await foreach (var row in rows)
        {
            return row;
        }

        return null;
    }
}
