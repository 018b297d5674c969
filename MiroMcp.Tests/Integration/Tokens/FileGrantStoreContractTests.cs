using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using MiroMcp.Server.Tokens;

namespace MiroMcp.Tests.Integration.Tokens;

/// <summary>The contract, against the file store in a temporary folder.</summary>
public sealed class FileGrantStoreContractTests : GrantStoreContractTests
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("miromcp-tokens-");

    private string FilePath => Path.Combine(_directory.FullName, "tokens.enc");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    private protected override async Task<EncryptedGrantStore> OpenStoreAsync(GrantKeyRingProvider keys)
    {
        var store = Track(new FileGrantStore(FilePath, keys, Track(NewMetrics()), Logger));
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    private protected override Task CloseStoreAsync(EncryptedGrantStore store)
    {
        ((FileGrantStore)store).Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Flips a byte inside the envelope of the grant's last record and fixes the frame's CRC, so that
    /// only the envelope's own authentication can notice.</summary>
    private protected override async Task FlipEnvelopeByteAsync(string grantId, int offset)
    {
        var bytes = await File.ReadAllBytesAsync(FilePath);
        var (frame, envelopeStart, envelopeLength) = FindLastFrame(bytes, grantId);
        bytes[envelopeStart + (offset < 0 ? envelopeLength + offset : offset)] ^= 0x01;
        var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(frame + 4));
        var crc = new Crc32();
        crc.Append(bytes.AsSpan(frame + 4, 4));
        crc.Append(bytes.AsSpan(frame + 12, payloadLength));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(frame + 8), crc.GetCurrentHashAsUInt32());
        await File.WriteAllBytesAsync(FilePath, bytes);
    }

    /// <summary>Walks the frames as docs/token-storage.md lays them out.</summary>
    internal static (int Frame, int EnvelopeStart, int EnvelopeLength) FindLastFrame(byte[] bytes, string grantId)
    {
        var found = (-1, -1, -1);
        var position = 8;
        while (position + 12 <= bytes.Length)
        {
            var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(position + 4));
            var payload = bytes.AsSpan(position + 12, payloadLength);
            var idLength = BinaryPrimitives.ReadUInt16LittleEndian(payload[9..]);
            if (Encoding.UTF8.GetString(payload.Slice(11, idLength)) == grantId)
            {
                found = (position, position + 12 + 11 + idLength, payloadLength - 11 - idLength);
            }

            position += 12 + payloadLength;
        }

        Assert.NotEqual(-1, found.Item1);
        return found;
    }
}
