using System.Data.Common;

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

    /// <summary>OpenIddict's finder and revocation filters: as in its EF Core stores, a null or empty one matches anything.</summary>
    public static List<(string Column, string Value)> Filters(string? subject, string? client, string? status, string? type)
    {
        List<(string Column, string Value)> filters = [];
        Add("Subject", subject);
        Add("ApplicationId", client);
        Add("Status", status);
        Add("Type", type);
        return filters;

        void Add(string column, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                filters.Add((column, value));
            }
        }
    }

    /// <summary>
    /// " WHERE …" requiring each filter's column to equal its value (parameters <c>@p0</c>, <c>@p1</c>… in order, see
    /// <see cref="AddFilterValues"/>) and every extra condition; empty when there is nothing to require.
    /// </summary>
    public static string Where(IReadOnlyList<(string Column, string Value)> filters, params string[] conditions)
    {
        var all = filters.Select((filter, i) => $"\"{filter.Column}\" = @p{i}").Concat(conditions).ToList();
        return all.Count == 0 ? "" : " WHERE " + string.Join(" AND ", all);
    }

    public static void AddFilterValues(OAuthDatabase database, DbCommand command, IReadOnlyList<(string Column, string Value)> filters)
    {
        for (var i = 0; i < filters.Count; i++)
        {
            database.AddParameter(command, $"@p{i}", filters[i].Value);
        }
    }

    /// <summary>A stored UTC date as OpenIddict's stores return it.</summary>
    public static DateTimeOffset? ToOffset(DateTime? date) =>
        date is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;

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
