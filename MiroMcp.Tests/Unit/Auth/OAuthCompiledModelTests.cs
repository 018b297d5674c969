using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using MiroMcp.Server.Auth;

namespace MiroMcp.Tests.Unit.Auth;

/// <summary>
/// The OAuth database's compiled models (decision 008) must describe exactly the model <c>OAuthDbContext</c> builds
/// from OpenIddict's entities and our overrides. A changed <c>OnModelCreating</c> or an upgraded OpenIddict/EF Core
/// without <c>scripts/ef-compiled-model.sh</c> fails here instead of mapping columns that no longer match.
/// </summary>
public sealed class OAuthCompiledModelTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void CompiledModel_MatchesTheModelBuiltFromConventions(string provider)
    {
        using var built = NewContext(provider, useCompiledModel: false);
        using var compiled = NewContext(provider, useCompiledModel: true);

        var expected = Describe(built.Model);
        var actual = Describe(compiled.Model);

        Assert.Contains("OpenIddictApplications", expected, StringComparison.Ordinal);
        Assert.Contains($"column ClientId {ColumnType(built.Model, "ClientId")} null=True max={OAuthDbContext.MaxClientIdLength.ToString(CultureInfo.InvariantCulture)} ", expected, StringComparison.Ordinal);
        Assert.True(expected == actual,
            "The compiled OAuth model is stale: run scripts/ef-compiled-model.sh.\n" + FirstDifference(expected, actual));
    }

    [Fact]
    public void Server_UsesTheCompiledModelOfItsProvider()
    {
        using var sqlite = NewContext("sqlite", useCompiledModel: true);
        using var postgres = NewContext("postgres", useCompiledModel: true);

        Assert.IsType<MiroMcp.Server.Auth.CompiledModels.Sqlite.OAuthDbContextModel>(sqlite.Model);
        Assert.IsType<MiroMcp.Server.Auth.CompiledModels.Postgres.OAuthDbContextModel>(postgres.Model);
        Assert.Equal(
            $"character varying({OAuthDbContext.MaxClientIdLength.ToString(CultureInfo.InvariantCulture)})",
            ColumnType(postgres.Model, "ClientId"),
            StringComparer.OrdinalIgnoreCase);
    }

    private static string? ColumnType(IModel model, string property) =>
        model.FindEntityType(typeof(OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication))!
            .FindProperty(property)!.GetColumnType();

    private static OAuthDbContext NewContext(string provider, bool useCompiledModel) =>
        new(OAuthDbContext.Configure(new DbContextOptionsBuilder<OAuthDbContext>(), provider, useCompiledModel).Options);

    /// <summary>Every table, column, key, index and foreign key, and each entity property's CLR mapping, one per line.</summary>
    private static string Describe(IModel model)
    {
        var lines = new List<string>();
        foreach (var table in model.GetRelationalModel().Tables.OrderBy(table => table.Name, StringComparer.Ordinal))
        {
            lines.Add($"table {table.Name}");
            lines.AddRange(table.Columns.Select(column =>
                $"  column {column.Name} {column.StoreType} null={column.IsNullable} max={column.MaxLength} concurrency={column.PropertyMappings.Any(mapping => mapping.Property.IsConcurrencyToken)}"));
            lines.Add($"  primary key {table.PrimaryKey?.Name} ({Columns(table.PrimaryKey?.Columns)})");
            lines.AddRange(table.Indexes.Select(index => $"  index {index.Name} unique={index.IsUnique} ({Columns(index.Columns)})"));
            lines.AddRange(table.ForeignKeyConstraints.Select(key =>
                $"  foreign key {key.Name} ({Columns(key.Columns)}) -> {key.PrincipalTable.Name} ({Columns(key.PrincipalColumns)}) on delete {key.OnDeleteAction}"));
        }

        foreach (var entity in model.GetEntityTypes().OrderBy(entity => entity.Name, StringComparer.Ordinal))
        {
            lines.Add($"entity {entity.Name} -> {entity.GetTableName()}");
            lines.AddRange(entity.GetProperties().Select(property =>
                $"  property {property.Name} {property.ClrType.Name} {property.GetColumnType()} generated={property.ValueGenerated}"));
            lines.AddRange(entity.GetNavigations().Select(navigation => $"  navigation {navigation.Name} -> {navigation.TargetEntityType.Name}"));
        }

        return string.Join('\n', lines);
    }

    private static string Columns(IEnumerable<IColumn>? columns) => string.Join(", ", columns?.Select(column => column.Name) ?? []);

    private static string FirstDifference(string expected, string actual)
    {
        var left = expected.Split('\n');
        var right = actual.Split('\n');
        for (var i = 0; i < Math.Max(left.Length, right.Length); i++)
        {
            var a = i < left.Length ? left[i] : "(nothing)";
            var b = i < right.Length ? right[i] : "(nothing)";
            if (a != b)
            {
                return new StringBuilder().Append("built from conventions: ").AppendLine(a).Append("compiled:               ").Append(b).ToString();
            }
        }

        return string.Empty;
    }
}
