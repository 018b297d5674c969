using System.Reflection;
using MiroMcp.Server.Tools;
using ModelContextProtocol.Server;

namespace MiroMcp.Tests.Unit;

/// <summary>
/// What Native AOT needs of the tool catalogue, checked here where reflection would otherwise hide a gap: the classes
/// it lists are all the tool classes, and every tool parameter and result type has a source-generated contract.
/// </summary>
public sealed class ToolCatalogueAotTests
{
    [Fact]
    public void Catalogue_ListsEveryToolClass()
    {
        var declared = typeof(MiroToolCatalogue).Assembly.GetTypes()
            .Where(type => type.GetCustomAttribute<McpServerToolTypeAttribute>() is not null)
            .Select(type => type.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(declared, MiroToolCatalogue.All.Select(tool => tool.Method.DeclaringType!.Name).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ToolJsonContext_HasTheContractOfEveryParameterAndResult()
    {
        var types = MiroToolCatalogue.All
            .SelectMany(tool => tool.Method.GetParameters().Select(parameter => parameter.ParameterType).Append(ResultType(tool.Method.ReturnType)))
            .Where(type => type != typeof(CancellationToken))
            .Distinct();

        Assert.Empty(types.Where(type => ToolJsonContext.Default.GetTypeInfo(type) is null).Select(type => type.ToString()));
    }

    private static Type ResultType(Type returnType) =>
        returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>) ? returnType.GetGenericArguments()[0] : returnType;
}
