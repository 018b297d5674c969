using System.Text;
using MiroMcp.Benchmarks.TokenStore;
using MiroMcp.Server.Tokens;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Unit.Tokens;

public sealed class TokenEnvelopeTests : IDisposable
{
    private const string Purpose = "test.purpose";
    private readonly string _keyA = TestSecrets.NewHexKey();
    private readonly string _keyB = TestSecrets.NewHexKey();
    private readonly GrantKeyRingProvider _keys;
    private readonly byte[] _plaintext = Encoding.UTF8.GetBytes("{\"accessToken\":\"" + TestSecrets.NewToken("access") + "\"}");

    public TokenEnvelopeTests()
    {
        _keys = new GrantKeyRingProvider(_keyA);
    }

    public void Dispose() => _keys.Dispose();

    [Fact]
    public void Open_SealedEnvelope_RoundTrips()
    {
        var envelope = TokenEnvelope.Seal(_keys, Purpose, "record-1", _plaintext);

        var opened = TokenEnvelope.Open(_keys, Purpose, "record-1", envelope, out var underPrevious);

        Assert.Equal(_plaintext, opened);
        Assert.False(underPrevious);
        Assert.Equal(_plaintext.Length + TokenEnvelope.Overhead, envelope.Length);
    }

    [Fact]
    public void Seal_Always_WritesTheDocumentedHeader()
    {
        var envelope = TokenEnvelope.Seal(_keys, Purpose, "record-1", _plaintext);

        Assert.Equal("MMGE"u8.ToArray(), envelope[..4]);
        Assert.Equal(1, envelope[4]);
        Assert.Equal(_keys.Current.Current!.KeyId.ToArray(), envelope[5..13]);
        Assert.Equal(25, TokenEnvelope.HeaderSize);
        Assert.Equal(41, TokenEnvelope.Overhead);
    }

    [Fact]
    public void Seal_SamePlaintextTwice_UsesFreshNoncesAndHidesThePlaintext()
    {
        var first = TokenEnvelope.Seal(_keys, Purpose, "record-1", _plaintext);
        var second = TokenEnvelope.Seal(_keys, Purpose, "record-1", _plaintext);

        Assert.NotEqual(first[13..25], second[13..25]);
        Assert.NotEqual(first, second);
        Assert.DoesNotContain("accessToken", Encoding.UTF8.GetString(first), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_AnyOneByteFlipped_ThrowsTokenProtectionException()
    {
        var envelope = TokenEnvelope.Seal(_keys, Purpose, "record-1", _plaintext);

        for (var position = 0; position < envelope.Length; position++)
        {
            var tampered = envelope.ToArray();
            tampered[position] ^= 0x80;

            var exception = Assert.Throws<TokenProtectionException>(() => TokenEnvelope.Open(_keys, Purpose, "record-1", tampered, out _));
            var expected = position switch
            {
                < 5 => TokenProtectionFailure.Malformed,
                < 13 => TokenProtectionFailure.UnknownKey,
                _ => TokenProtectionFailure.Tampered,
            };
            Assert.Equal(expected, exception.Failure);
        }
    }

    [Fact]
    public void Open_Truncated_ThrowsTokenProtectionException()
    {
        var envelope = TokenEnvelope.Seal(_keys, Purpose, "record-1", _plaintext);

        Assert.Throws<TokenProtectionException>(() => TokenEnvelope.Open(_keys, Purpose, "record-1", envelope.AsSpan(0, envelope.Length - 1), out _));
        Assert.Throws<TokenProtectionException>(() => TokenEnvelope.Open(_keys, Purpose, "record-1", envelope.AsSpan(0, 20), out _));
        Assert.Throws<TokenProtectionException>(() => TokenEnvelope.Open(_keys, Purpose, "record-1", [], out _));
    }

    [Theory]
    [InlineData("record-2", Purpose)]
    [InlineData("record-1", "other.purpose")]
    public void Open_OtherRecordIdOrPurpose_ThrowsTampered(string recordId, string purpose)
    {
        var envelope = TokenEnvelope.Seal(_keys, Purpose, "record-1", _plaintext);

        var exception = Assert.Throws<TokenProtectionException>(() => TokenEnvelope.Open(_keys, purpose, recordId, envelope, out _));

        Assert.Equal(TokenProtectionFailure.Tampered, exception.Failure);
    }

    [Fact]
    public void Open_WrongKey_ThrowsUnknownKeyNamingOnlyTheKeyId()
    {
        var envelope = TokenEnvelope.Seal(_keys, Purpose, "record-1", _plaintext);
        using var other = new GrantKeyRingProvider(_keyB);

        var exception = Assert.Throws<TokenProtectionException>(() => TokenEnvelope.Open(other, Purpose, "record-1", envelope, out _));

        Assert.Equal(TokenProtectionFailure.UnknownKey, exception.Failure);
        Assert.Equal(_keys.Current.Current!.KeyIdHex, exception.KeyId);
        Assert.DoesNotContain(_keyA, exception.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_keyB, exception.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Open_SealedUnderPreviousKey_OpensAndSaysSo()
    {
        var envelope = TokenEnvelope.Seal(_keys, Purpose, "record-1", _plaintext);
        using var rotated = new GrantKeyRingProvider(_keyB, _keyA);

        var opened = TokenEnvelope.Open(rotated, Purpose, "record-1", envelope, out var underPrevious);

        Assert.Equal(_plaintext, opened);
        Assert.True(underPrevious);
    }

    [Fact]
    public void Seal_NoKey_ThrowsNoKey()
    {
        using var none = new GrantKeyRingProvider(null);

        var exception = Assert.Throws<TokenProtectionException>(() => TokenEnvelope.Seal(none, Purpose, "record-1", _plaintext));

        Assert.Equal(TokenProtectionFailure.NoKey, exception.Failure);
    }

    [Fact]
    public void KeyId_IsAFingerprintNotTheKey()
    {
        using var key = EncryptionKey.FromHex(_keyA);
        using var same = EncryptionKey.FromHex(_keyA.ToUpperInvariant());
        using var other = EncryptionKey.FromHex(_keyB);

        Assert.Equal(16, key.KeyIdHex.Length);
        Assert.DoesNotContain(key.KeyIdHex, _keyA, StringComparison.Ordinal);
        Assert.Equal(key.KeyIdHex, same.KeyIdHex);
        Assert.NotEqual(key.KeyIdHex, other.KeyIdHex);
        Assert.DoesNotContain(_keyA, key.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void KeyIdHex_KnownKey_MatchesTheDocumentedOpensslCommand()
    {
        // docs/token-storage.md: printf 'miromcp-key-id' | openssl dgst -sha256 -mac HMAC -macopt hexkey:$KEY | first 16 hex
        using var key = EncryptionKey.FromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

        Assert.Equal("51107434a55ee39e", key.KeyIdHex);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    public void FromHex_Malformed_ThrowsWithoutEchoingTheValue(string hex)
    {
        var exception = Assert.Throws<TokenProtectionException>(() => EncryptionKey.FromHex(hex));

        Assert.Equal(TokenProtectionFailure.NoKey, exception.Failure);
        Assert.DoesNotContain(hex, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_SameKeys_DoesNotRaiseChanged_NewKeys_Does()
    {
        var raised = 0;
        _keys.Changed += (_, _) => raised++;

        _keys.Update(_keyA, null);
        _keys.Update(_keyB, _keyA);

        using var keyB = EncryptionKey.FromHex(_keyB);
        Assert.Equal(1, raised);
        Assert.Equal(keyB.KeyIdHex, _keys.Current.Current!.KeyIdHex);
    }

    [Fact]
    public void ToString_GrantAndTokens_ShowNoToken()
    {
        var grant = SampleGrants.Create("g", 1);

        Assert.DoesNotContain(grant.Tokens.AccessToken, grant.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(grant.Tokens.RefreshToken, grant.ToString(), StringComparison.Ordinal);
    }
}
