using Microsoft.Extensions.Logging.Abstractions;
using MiroMcp.Benchmarks.TokenStore;
using MiroMcp.Server.Tokens;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Integration.Tokens;

/// <summary>What the file store does with files that are torn, damaged, foreign, or in use.</summary>
public sealed class FileGrantStoreDamageTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("miromcp-damage-");
    private readonly GrantKeyRingProvider _keys = new(TestSecrets.NewHexKey());
    private readonly TokenStoreMetrics _metrics = new();

    private string FilePath => Path.Combine(_directory.FullName, "tokens.enc");

    public void Dispose()
    {
        _keys.Dispose();
        _metrics.Dispose();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task InitializeAsync_OneFlippedByteAnywhereInTheFile_StartsAndLosesAtMostOneGrant()
    {
        // Three grants, one of them updated (so the file also holds a superseded record).
        var latest = await WriteAsync(("a", 1), ("b", 1), ("c", 1), ("b", 2));
        var original = await File.ReadAllBytesAsync(FilePath);

        for (var position = 0; position < original.Length; position++)
        {
            var damaged = original.ToArray();
            damaged[position] ^= 0x04;
            await File.WriteAllBytesAsync(FilePath, damaged);

            using var store = Open();
            await store.InitializeAsync(CancellationToken.None);

            var notLatest = 0;
            foreach (var (id, version) in latest)
            {
                var grant = await store.GetAsync(id, CancellationToken.None);
                Assert.True(grant is null || SampleGrants.IsIntact(grant), $"byte {position}: {id} came back altered");
                notLatest += grant?.Version == version ? 0 : 1;
            }

            Assert.True(notLatest <= 1, $"byte {position}: {notLatest} grants lost");
            store.Dispose();
            foreach (var copy in _directory.GetFiles("tokens.enc.corrupt-*"))
            {
                Assert.Equal(damaged, await File.ReadAllBytesAsync(copy.FullName));
                copy.Delete();
            }
        }
    }

    [Fact]
    public async Task InitializeAsync_FileCutAtEveryLength_KeepsEveryWholeRecordAndNoDamageCopy()
    {
        var lengths = new List<(long Length, string Id, long Version)>();
        using (var store = Open())
        {
            await store.InitializeAsync(CancellationToken.None);
            foreach (var (id, version) in new[] { ("a", 1L), ("b", 1L), ("a", 2L), ("c", 1L), ("b", 2L) })
            {
                await store.SaveAsync(SampleGrants.Create(id, version), version - 1, CancellationToken.None);
                lengths.Add((store.FileBytes, id, version));
            }
        }

        var original = await File.ReadAllBytesAsync(FilePath);
        for (var length = 8; length <= original.Length; length++)
        {
            await File.WriteAllBytesAsync(FilePath, original[..length]);
            var expected = new Dictionary<string, long>();
            foreach (var (end, id, version) in lengths.Where(write => write.Length <= length))
            {
                expected[id] = version;
            }

            using var store = Open();
            await store.InitializeAsync(CancellationToken.None);

            foreach (var id in new[] { "a", "b", "c" })
            {
                Assert.Equal(expected.GetValueOrDefault(id), (await store.GetAsync(id, CancellationToken.None))?.Version ?? 0);
            }

            Assert.Empty(_directory.GetFiles("tokens.enc.corrupt-*"));
        }
    }

    [Fact]
    public async Task InitializeAsync_ForeignFile_StartsEmptyKeepsACopyAndAcceptsWrites()
    {
        Directory.CreateDirectory(_directory.FullName);
        var foreign = "{\"this is\": \"not a token file\"}"u8.ToArray();
        await File.WriteAllBytesAsync(FilePath, foreign);

        using (var store = Open())
        {
            await store.InitializeAsync(CancellationToken.None);
            Assert.Equal(0, await store.CountAsync(CancellationToken.None));
            Assert.NotNull(await store.SaveAsync(SampleGrants.Create("a", 1), 0, CancellationToken.None));
        }

        using var reopened = Open();
        var copy = Assert.Single(_directory.GetFiles("tokens.enc.corrupt-*"));
        Assert.Equal(foreign, await File.ReadAllBytesAsync(copy.FullName));
        Assert.Equal(SampleGrants.Create("a", 1), await reopened.GetAsync("a", CancellationToken.None));
    }

    [Fact]
    public async Task InitializeAsync_FileInUseByAnotherStore_FailsWithoutTouchingIt()
    {
        using var first = Open();
        await first.InitializeAsync(CancellationToken.None);
        using var second = Open();

        var exception = await Assert.ThrowsAsync<IOException>(() => second.InitializeAsync(CancellationToken.None));

        Assert.Contains("in use by another process", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAsync_ManyUpdates_CompactsTheFileAndKeepsEveryGrant()
    {
        using (var store = new FileGrantStore(FilePath, _keys, _metrics, NullLogger.Instance, compactionMinimumBytes: 4096))
        {
            for (var version = 1; version <= 50; version++)
            {
                for (var i = 0; i < 10; i++)
                {
                    Assert.NotNull(await store.SaveAsync(SampleGrants.Create(SampleGrants.Id(i), version), version - 1, CancellationToken.None));
                }
            }

            // 500 records of ~650 bytes written (~325 KB uncompacted); compaction keeps the file at most about
            // twice the 10 live records.
            Assert.True(store.FileBytes < 20_000, $"file is {store.FileBytes} bytes");
        }

        using var reopened = Open();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(SampleGrants.Create(SampleGrants.Id(i), 50), await reopened.GetAsync(SampleGrants.Id(i), CancellationToken.None));
        }

        Assert.False(File.Exists(FilePath + ".tmp"));
    }

    [Fact]
    public async Task InitializeAsync_LeftoverTemporaryFile_IsRemovedAndTheLogKept()
    {
        await WriteAsync(("a", 1));
        await File.WriteAllBytesAsync(FilePath + ".tmp", [1, 2, 3]);

        using var store = Open();

        Assert.Equal(SampleGrants.Create("a", 1), await store.GetAsync("a", CancellationToken.None));
        Assert.False(File.Exists(FilePath + ".tmp"));
    }

    private FileGrantStore Open() => new(FilePath, _keys, _metrics, NullLogger.Instance);

    private async Task<Dictionary<string, long>> WriteAsync(params (string Id, long Version)[] writes)
    {
        var latest = new Dictionary<string, long>();
        using var store = Open();
        foreach (var (id, version) in writes)
        {
            Assert.NotNull(await store.SaveAsync(SampleGrants.Create(id, version), version - 1, CancellationToken.None));
            latest[id] = version;
        }

        return latest;
    }
}
