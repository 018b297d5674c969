using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace MiroMcp.Server.Auth;

/// <summary>
/// The authorization server's token keys, derived with HKDF-SHA256 from MIRO_ENCRYPTION_KEY (and from
/// MIRO_ENCRYPTION_KEY_PREVIOUS, so tokens issued before a rotation stay valid until they expire). Deriving them
/// means no extra secret to manage and nothing to persist; the labels keep them independent of the token-store
/// key itself. Signing uses ECDSA P-256 (OpenIddict requires an asymmetric signing key) whose private scalar is
/// derived the same way; encryption uses a symmetric AES-256 key. Only this server validates its own tokens.
/// </summary>
internal static class OAuthKeys
{
    private const int KeyBytes = 32;
    private static readonly byte[] SigningLabel = Encoding.ASCII.GetBytes("miromcp/oauth/signing/v1");
    private static readonly byte[] EncryptionLabel = Encoding.ASCII.GetBytes("miromcp/oauth/encryption/v1");

    public static ECDsaSecurityKey Signing(string hexKey)
    {
        // A derived scalar falls outside [1, n-1] with probability ~2^-32: try the next counter then.
        for (byte counter = 0; ; counter++)
        {
            var scalar = Derive(hexKey, [.. SigningLabel, counter]).Key;
            try
            {
                var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = scalar });
                var publicKey = ecdsa.ExportParameters(includePrivateParameters: false);
                var keyId = Convert.ToHexStringLower(SHA256.HashData([.. publicKey.Q.X!, .. publicKey.Q.Y!]).AsSpan(0, 8));
                return new ECDsaSecurityKey(ecdsa) { KeyId = keyId };
            }
            catch (CryptographicException) when (counter < 8)
            {
            }
            finally
            {
                CryptographicOperations.ZeroMemory(scalar);
            }
        }
    }

    public static SymmetricSecurityKey Encryption(string hexKey) => Derive(hexKey, EncryptionLabel);

    private static SymmetricSecurityKey Derive(string hexKey, byte[] label)
    {
        var master = Convert.FromHexString(hexKey);
        try
        {
            var derived = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, KeyBytes, salt: [], info: label);
            var keyId = Convert.ToHexStringLower(SHA256.HashData(derived).AsSpan(0, 8));
            return new SymmetricSecurityKey(derived) { KeyId = keyId };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(master);
        }
    }
}
