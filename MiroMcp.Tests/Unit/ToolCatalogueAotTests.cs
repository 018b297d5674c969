using MiroMcp.Server.Tools;

namespace MiroMcp.Tests.Unit;

/// <summary>
/// What Native AOT needs of the tool catalogue, checked here where reflection would otherwise hide a gap: every tool
/// parameter and result type has a source-generated contract.
/// </summary>
public sealed class ToolCatalogueAotTests
{
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
