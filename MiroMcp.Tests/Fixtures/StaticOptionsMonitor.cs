using Microsoft.Extensions.Options;

namespace MiroMcp.Tests.Fixtures;

/// <summary>Options that never change, for constructing a service by hand in a unit test.</summary>
internal sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
