namespace MiroMcp.Benchmarks;

/// <summary>
/// Marks <c>static Task&lt;int&gt; Name(string[] args)</c> (or <c>static int</c>) as a benchmark command.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class CommandAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; } = description;
}
