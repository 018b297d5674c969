using Microsoft.Extensions.Options;
using MiroMcp.Server.Configuration;

namespace MiroMcp.Server.Tokens;

/// <summary>
/// Keeps the key ring in step with <c>MIRO_ENCRYPTION_KEY</c> / <c>MIRO_ENCRYPTION_KEY_PREVIOUS</c>, which may
/// change at run time (secrets reloaded from the gateway). New writes use the new key at once; <see cref="Changed"/>
/// tells the re-encryption sweep to run. A replaced ring is disposed (its keys freed); an operation that raced with
/// the swap retries with the new ring.
/// </summary>
internal sealed class GrantKeyRingProvider : IDisposable
{
    private readonly Lock _lock = new();
    private readonly ILogger? _logger;
    private readonly IDisposable? _subscription;
    private EncryptionKeyRing _ring;

    public GrantKeyRingProvider(IOptionsMonitor<ServerOptions> options, ILogger<GrantKeyRingProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _ring = Build(options.CurrentValue.MiroEncryptionKey, options.CurrentValue.MiroEncryptionKeyPrevious);
        _subscription = options.OnChange(value => Update(value.MiroEncryptionKey, value.MiroEncryptionKeyPrevious));
    }

    /// <summary>Fixed keys (tests, benchmarks, the crash writer); <see cref="Update"/> still works.</summary>
    public GrantKeyRingProvider(string? currentKeyHex, string? previousKeyHex = null)
    {
        _ring = Build(currentKeyHex, previousKeyHex);
    }

    /// <summary>Raised after the keys changed (not when a reload left them as they were).</summary>
    public event EventHandler? Changed;

    public EncryptionKeyRing Current => Volatile.Read(ref _ring);

    public void Update(string? currentKeyHex, string? previousKeyHex)
    {
        var ring = Build(currentKeyHex, previousKeyHex);
        EncryptionKeyRing old;
        lock (_lock)
        {
            old = _ring;
            if (SameKey(old.Current, ring.Current) && SameKey(old.Previous, ring.Previous))
            {
                ring.Dispose();
                return;
            }

            Volatile.Write(ref _ring, ring);
        }

        old.Dispose();
        if (_logger is not null)
        {
            Log.EncryptionKeysChanged(_logger, ring.Current?.KeyIdHex ?? "none", ring.Previous?.KeyIdHex ?? "none");
        }

        Changed?.Invoke(this, EventArgs.Empty);
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        Current.Dispose();
    }

    private static bool SameKey(EncryptionKey? a, EncryptionKey? b) =>
        a is null ? b is null : b is not null && a.Matches(b.KeyId);

    private static EncryptionKeyRing Build(string? currentKeyHex, string? previousKeyHex)
    {
        var current = TryParse(currentKeyHex);
        var previous = TryParse(previousKeyHex);
        if (current is not null && previous is not null && current.Matches(previous.KeyId))
        {
            previous.Dispose();
            previous = null;
        }

        return new EncryptionKeyRing(current, previous);
    }

    /// <summary>A malformed key is reported by the options validator at start-up; here it just means "no key".</summary>
    private static EncryptionKey? TryParse(string? hex)
    {
        if (string.IsNullOrWhiteSpace(hex))
        {
            return null;
        }

        try
        {
            return EncryptionKey.FromHex(hex);
        }
        catch (TokenProtectionException)
        {
            return null;
        }
    }
}
