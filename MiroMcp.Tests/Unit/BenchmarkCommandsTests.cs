using System.Reflection;
using MiroMcp.Benchmarks;

namespace MiroMcp.Tests.Unit;

/// <summary>Every area adds benchmark commands in its own file: two with one name would crash the runner.</summary>
public sealed class BenchmarkCommandsTests
{
    [Fact]
    public void Commands_AcrossTheBenchmarkProject_HaveUniqueNames()
    {
        var names = typeof(CommandAttribute).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Select(method => method.GetCustomAttribute<CommandAttribute>()?.Name)
            .OfType<string>()
            .ToList();

        Assert.NotEmpty(names);
        Assert.Empty(names.GroupBy(name => name, StringComparer.Ordinal).Where(group => group.Count() > 1).Select(group => group.Key));
    }
}
