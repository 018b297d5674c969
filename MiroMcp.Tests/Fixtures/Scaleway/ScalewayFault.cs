namespace MiroMcp.Tests.Fixtures.Scaleway;

/// <summary>What the emulator does to requests while a fault is switched on.</summary>
public enum ScalewayFault
{
    /// <summary>Behaves like Scaleway.</summary>
    None,

    /// <summary>Drops the connection without an answer.</summary>
    Down,

    /// <summary>Answers only after <see cref="ScalewayEmulator.SlowDelay"/>.</summary>
    Slow,

    /// <summary>500 with a JSON error body.</summary>
    ServerError,

    /// <summary>503 with an HTML body (what a load balancer in front of an API answers).</summary>
    HtmlError,

    /// <summary>200 with a body that is not JSON.</summary>
    Garbage,

    /// <summary>200 with JSON of the wrong shape.</summary>
    WrongJson,
}
