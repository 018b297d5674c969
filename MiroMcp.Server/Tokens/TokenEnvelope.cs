using System.Security.Cryptography;
using System.Text;

namespace MiroMcp.Server.Tokens;

/// <summary>
/// The versioned AES-256-GCM envelope every stored record is (docs/token-storage.md, "Envelope"):
/// <code>
/// offset  size  field
///      0     4  magic "MMGE" (0x4D 0x4D 0x47 0x45)
///      4     1  format version, 0x01
///      5     8  key id: first 8 bytes of HMAC-SHA256(key, "miromcp-key-id")
///     13    12  nonce, random
///     25     n  ciphertext (n = plaintext length)
///   25+n    16  GCM tag
/// </code>
/// Associated data: the 25 header bytes, then the purpose (UTF-8), a 0x00 byte and the record id (UTF-8), so a
/// record cannot be moved to another id or purpose, nor have its header altered, without failing authentication.
/// </summary>
internal static class TokenEnvelope
{
    public const byte FormatVersion = 1;
    public const int MagicSize = 4;
    public const int KeyIdOffset = MagicSize + 1;
    public const int NonceOffset = KeyIdOffset + EncryptionKey.KeyIdSize;
    public const int HeaderSize = NonceOffset + EncryptionKey.NonceSize;
    public const int Overhead = HeaderSize + EncryptionKey.TagSize;

    private static ReadOnlySpan<byte> Magic => "MMGE"u8;

    /// <summary>Seals <paramref name="plaintext"/> under the ring's current key.</summary>
    public static byte[] Seal(GrantKeyRingProvider keys, string purpose, string recordId, ReadOnlySpan<byte> plaintext)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var key = keys.Current.Current
                ?? throw new TokenProtectionException(TokenProtectionFailure.NoKey, "No encryption key is configured (MIRO_ENCRYPTION_KEY).");
            var envelope = new byte[Overhead + plaintext.Length];
            Magic.CopyTo(envelope);
            envelope[MagicSize] = FormatVersion;
            key.KeyId.CopyTo(envelope.AsSpan(KeyIdOffset));
            RandomNumberGenerator.Fill(envelope.AsSpan(NonceOffset, EncryptionKey.NonceSize));

            var associatedData = AssociatedData(envelope.AsSpan(0, HeaderSize), purpose, recordId);
            if (key.TryEncrypt(
                    envelope.AsSpan(NonceOffset, EncryptionKey.NonceSize),
                    plaintext,
                    envelope.AsSpan(HeaderSize, plaintext.Length),
                    envelope.AsSpan(HeaderSize + plaintext.Length, EncryptionKey.TagSize),
                    associatedData))
            {
                return envelope;
            }
        }

        throw new TokenProtectionException(TokenProtectionFailure.NoKey, "The encryption keys kept changing while sealing a record.");
    }

    /// <summary>
    /// Opens an envelope with whichever key of the ring its key id names. The caller clears the returned
    /// plaintext after use. <paramref name="underPreviousKey"/> is true when the previous key opened it (re-encrypt).
    /// </summary>
    public static byte[] Open(GrantKeyRingProvider keys, string purpose, string recordId, ReadOnlySpan<byte> envelope, out bool underPreviousKey)
    {
        if (!TryReadKeyId(envelope, out var keyId))
        {
            throw new TokenProtectionException(TokenProtectionFailure.Malformed, "The record is not an envelope of a known format.");
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var ring = keys.Current;
            var key = ring.Find(keyId) ?? throw new TokenProtectionException(
                TokenProtectionFailure.UnknownKey,
                "The record is encrypted under a key that is neither MIRO_ENCRYPTION_KEY nor MIRO_ENCRYPTION_KEY_PREVIOUS.")
            {
                KeyId = Convert.ToHexStringLower(keyId),
            };

            var length = envelope.Length - Overhead;
            var plaintext = new byte[length];
            var associatedData = AssociatedData(envelope[..HeaderSize], purpose, recordId);
            try
            {
                if (key.TryDecrypt(
                        envelope.Slice(NonceOffset, EncryptionKey.NonceSize),
                        envelope.Slice(HeaderSize, length),
                        envelope.Slice(HeaderSize + length, EncryptionKey.TagSize),
                        plaintext,
                        associatedData))
                {
                    underPreviousKey = !ReferenceEquals(key, ring.Current);
                    return plaintext;
                }
            }
            catch (CryptographicException exception)
            {
                CryptographicOperations.ZeroMemory(plaintext);
                throw new TokenProtectionException(TokenProtectionFailure.Tampered, "The record failed authentication (tampered, or bound to another record).", exception)
                {
                    KeyId = key.KeyIdHex,
                };
            }
        }

        throw new TokenProtectionException(TokenProtectionFailure.NoKey, "The encryption keys kept changing while opening a record.");
    }

    /// <summary>Reads the key id of a well-formed envelope header without decrypting.</summary>
    public static bool TryReadKeyId(ReadOnlySpan<byte> envelope, out ReadOnlySpan<byte> keyId)
    {
        if (envelope.Length < Overhead || !envelope[..MagicSize].SequenceEqual(Magic) || envelope[MagicSize] != FormatVersion)
        {
            keyId = default;
            return false;
        }

        keyId = envelope.Slice(KeyIdOffset, EncryptionKey.KeyIdSize);
        return true;
    }

    private static byte[] AssociatedData(ReadOnlySpan<byte> header, string purpose, string recordId)
    {
        var purposeLength = Encoding.UTF8.GetByteCount(purpose);
        var idLength = Encoding.UTF8.GetByteCount(recordId);
        var data = new byte[header.Length + purposeLength + 1 + idLength];
        header.CopyTo(data);
        Encoding.UTF8.GetBytes(purpose, data.AsSpan(header.Length));
        data[header.Length + purposeLength] = 0;
        Encoding.UTF8.GetBytes(recordId, data.AsSpan(header.Length + purposeLength + 1));
        return data;
    }
}
