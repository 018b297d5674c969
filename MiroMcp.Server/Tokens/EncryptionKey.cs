using System.Security.Cryptography;
using System.Text;

namespace MiroMcp.Server.Tokens;

/// <summary>
/// One 256-bit AES-GCM key. The raw bytes live only while the key is being set up (then cleared); afterwards
/// they exist inside the <see cref="AesGcm"/> instance, which is freed on <see cref="Dispose"/>. The key id is
/// the first 8 bytes of HMAC-SHA256(key, "miromcp-key-id"): it names the key without revealing it.
/// </summary>
internal sealed class EncryptionKey : IDisposable
{
    public const int KeySize = 32;
    public const int KeyIdSize = 8;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    private static readonly byte[] KeyIdLabel = Encoding.ASCII.GetBytes("miromcp-key-id");

    private readonly AesGcm _aes;
    private readonly Lock _lock = new();
    private readonly byte[] _keyId;
    private bool _disposed;

    private EncryptionKey(ReadOnlySpan<byte> key)
    {
        _aes = new AesGcm(key, TagSize);
        _keyId = new byte[KeyIdSize];
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, KeyIdLabel, mac);
        mac[..KeyIdSize].CopyTo(_keyId);
        CryptographicOperations.ZeroMemory(mac);
        KeyIdHex = Convert.ToHexStringLower(_keyId);
    }

    public ReadOnlySpan<byte> KeyId => _keyId;

    /// <summary>The key id as 16 lowercase hex characters: safe for logs and metrics.</summary>
    public string KeyIdHex { get; }

    /// <summary>Parses 64 hex characters. Throws <see cref="TokenProtectionException"/> (without the value) otherwise.</summary>
    public static EncryptionKey FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var trimmed = hex.AsSpan().Trim();
        if (trimmed.Length != KeySize * 2)
        {
            throw new TokenProtectionException(TokenProtectionFailure.NoKey, "An encryption key must be 64 hexadecimal characters.");
        }

        var key = GC.AllocateUninitializedArray<byte>(KeySize, pinned: true);
        try
        {
            if (Convert.FromHexString(trimmed, key, out _, out var written) != System.Buffers.OperationStatus.Done || written != KeySize)
            {
                throw new TokenProtectionException(TokenProtectionFailure.NoKey, "An encryption key must be 64 hexadecimal characters.");
            }

            return new EncryptionKey(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Encrypts in place into <paramref name="ciphertext"/>; false once the key has been retired.</summary>
    public bool TryEncrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return false;
            }

            _aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
            return true;
        }
    }

    /// <summary>False once the key has been retired; throws <see cref="AuthenticationTagMismatchException"/> on a bad tag.</summary>
    public bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return false;
            }

            _aes.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            return true;
        }
    }

    public bool Matches(ReadOnlySpan<byte> keyId) => CryptographicOperations.FixedTimeEquals(_keyId, keyId);

    public void Dispose()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _disposed = true;
                _aes.Dispose();
            }
        }
    }

    public override string ToString() => $"{nameof(EncryptionKey)} {{ KeyId = {KeyIdHex} }}";
}

/// <summary>The key new writes use, and the one before it (read-only, for rotation).</summary>
internal sealed class EncryptionKeyRing(EncryptionKey? current, EncryptionKey? previous) : IDisposable
{
    public EncryptionKey? Current { get; } = current;

    public EncryptionKey? Previous { get; } = previous;

    public EncryptionKey? Find(ReadOnlySpan<byte> keyId) =>
        Current is not null && Current.Matches(keyId) ? Current
        : Previous is not null && Previous.Matches(keyId) ? Previous
        : null;

    public void Dispose()
    {
        Current?.Dispose();
        Previous?.Dispose();
    }
}
