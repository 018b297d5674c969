using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace MiroMcp.Server.Tokens;

/// <summary>
/// The embedded default: an append-only log at <c>TOKEN_STORAGE_PATH</c> (docs/token-storage.md, "File store").
/// Every save appends one CRC-framed record and fsyncs it before returning, so an update costs the same at 10 or
/// 100,000 grants; when superseded records outweigh live ones the log is compacted (write a temporary file,
/// fsync, atomic rename, fsync the directory). One writer at a time (a semaphore in-process, an exclusive lock
/// file across processes); readers read the in-memory index without locking. On open, a torn last record (a
/// crash mid-append) is cut off; damage anywhere else costs only the damaged records, and a copy of the damaged
/// file is kept beside it.
/// </summary>
internal sealed class FileGrantStore : EncryptedGrantStore, IDisposable
{
    public const long DefaultCompactionMinimumBytes = 1L << 20;

    private const int FrameHeaderSize = 12; // marker 4, payload length 4, CRC-32 4
    private const int PayloadFixedSize = 11; // op 1, version 8, id length 2
    private const int MaxPayloadSize = 1 << 20;
    private const byte OpPut = 1;
    private const byte OpDelete = 2;

    private readonly string _path;
    private readonly string _directory;
    private readonly long _compactionMinimumBytes;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, StoredGrant> _index = new(StringComparer.Ordinal);
    private FileStream? _log;
    private FileStream? _lockFile;
    private long _fileBytes;
    private long _liveBytes;
    private volatile bool _loaded;
    private bool _disposed;

    public FileGrantStore(string path, GrantKeyRingProvider keys, TokenStoreMetrics metrics, ILogger logger,
        long compactionMinimumBytes = DefaultCompactionMinimumBytes)
        : base(keys, metrics, logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
        _directory = Path.GetDirectoryName(_path) ?? throw new ArgumentException("The token file needs a directory.", nameof(path));
        _compactionMinimumBytes = compactionMinimumBytes;
    }

    public override string Kind => "file";

    /// <summary>"MMGSTOR1": the first 8 bytes of the file.</summary>
    internal static ReadOnlySpan<byte> FileMagic => "MMGSTOR1"u8;

    /// <summary>"MMGR": the first 4 bytes of every record frame.</summary>
    internal static ReadOnlySpan<byte> FrameMarker => "MMGR"u8;

    /// <summary>Bytes of an unfinished last record cut off when the file was opened (0: none).</summary>
    internal long TornBytesCutOnOpen { get; private set; }

    /// <summary>True when opening found (and deleted) the temporary file of an interrupted compaction.</summary>
    internal bool RemovedInterruptedCompactionOnOpen { get; private set; }

    /// <summary>Bytes in the log file now (live and superseded records).</summary>
    internal long FileBytes => Interlocked.Read(ref _fileBytes);

    public override async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (!_loaded)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                Load();
                _loaded = true;
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        return _index.Count;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _writeLock.Wait();
        try
        {
            _disposed = true;
            _loaded = false;
            _log?.Dispose();
            _log = null;
            _lockFile?.Dispose();
            _lockFile = null;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    protected override Task<StoredGrant?> ReadRecordAsync(string grantId, CancellationToken cancellationToken) =>
        Task.FromResult(_index.GetValueOrDefault(grantId));

    protected override async Task<bool> WriteRecordAsync(string grantId, long storedVersion, long newVersion, byte[] envelope, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var current = _index.GetValueOrDefault(grantId);
            if ((current?.Version ?? 0) != storedVersion)
            {
                return false;
            }

            Put(new StoredGrant(grantId, newVersion, envelope), current);
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    protected override async Task<bool> ReplaceEnvelopeAsync(StoredGrant stored, byte[] envelope, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var current = _index.GetValueOrDefault(stored.GrantId);
            if (current is null || current.Version != stored.Version || !current.Envelope.Span.SequenceEqual(stored.Envelope.Span))
            {
                return false;
            }

            Put(current with { Envelope = envelope }, current);
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    protected override async Task<int> InsertBatchAsync(IReadOnlyList<StoredGrant> records, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var added = new Dictionary<string, StoredGrant>(StringComparer.Ordinal);
            using var buffer = new MemoryStream();
            foreach (var stored in records)
            {
                if (!_index.ContainsKey(stored.GrantId) && added.TryAdd(stored.GrantId, stored))
                {
                    buffer.Write(BuildFrame(OpPut, stored.Version, stored.GrantId, stored.Envelope.Span));
                }
            }

            if (added.Count > 0)
            {
                Append(buffer.ToArray());
                foreach (var stored in added.Values)
                {
                    _index[stored.GrantId] = stored;
                    _liveBytes += FrameSize(stored);
                }
            }

            return added.Count;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    protected override async Task<int> ReplaceEnvelopesAsync(IReadOnlyList<(StoredGrant Stored, byte[] Envelope)> replacements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacements);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var accepted = new List<(StoredGrant Current, StoredGrant Next)>();
            using var buffer = new MemoryStream();
            foreach (var (stored, envelope) in replacements)
            {
                var current = _index.GetValueOrDefault(stored.GrantId);
                if (current is not null && current.Version == stored.Version && current.Envelope.Span.SequenceEqual(stored.Envelope.Span))
                {
                    var next = current with { Envelope = envelope };
                    buffer.Write(BuildFrame(OpPut, next.Version, next.GrantId, next.Envelope.Span));
                    accepted.Add((current, next));
                }
            }

            if (accepted.Count > 0)
            {
                Append(buffer.ToArray());
                foreach (var (current, next) in accepted)
                {
                    _index[next.GrantId] = next;
                    _liveBytes += FrameSize(next) - FrameSize(current);
                }

                CompactIfWorthIt();
            }

            return accepted.Count;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    protected override async Task<bool> DeleteRecordAsync(string grantId, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (!_index.TryGetValue(grantId, out var current))
            {
                return false;
            }

            Append(BuildFrame(OpDelete, 0, grantId, []));
            _index.TryRemove(grantId, out _);
            _liveBytes -= FrameSize(current);
            CompactIfWorthIt();
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    protected override Task<IReadOnlyList<string>> ListGrantIdsNotUnderKeyAsync(byte[] keyId, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        foreach (var (grantId, stored) in _index)
        {
            if (!TokenEnvelope.TryReadKeyId(stored.Envelope.Span, out var storedKeyId) || !storedKeyId.SequenceEqual(keyId))
            {
                ids.Add(grantId);
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(ids);
    }

    private static int FrameSize(StoredGrant stored) =>
        FrameHeaderSize + PayloadFixedSize + Encoding.UTF8.GetByteCount(stored.GrantId) + stored.Envelope.Length;

    private static byte[] BuildFrame(byte op, long version, string grantId, ReadOnlySpan<byte> envelope)
    {
        var idLength = Encoding.UTF8.GetByteCount(grantId);
        if (idLength > ushort.MaxValue)
        {
            throw new ArgumentException("The grant id is too long.", nameof(grantId));
        }

        var payloadLength = PayloadFixedSize + idLength + envelope.Length;
        var frame = new byte[FrameHeaderSize + payloadLength];
        FrameMarker.CopyTo(frame);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), (uint)payloadLength);
        var payload = frame.AsSpan(FrameHeaderSize);
        payload[0] = op;
        BinaryPrimitives.WriteInt64LittleEndian(payload[1..], version);
        BinaryPrimitives.WriteUInt16LittleEndian(payload[9..], (ushort)idLength);
        Encoding.UTF8.GetBytes(grantId, payload[PayloadFixedSize..]);
        envelope.CopyTo(payload[(PayloadFixedSize + idLength)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), Checksum(frame.AsSpan(4, 4), payload));
        return frame;
    }

    private static uint Checksum(ReadOnlySpan<byte> lengthField, ReadOnlySpan<byte> payload)
    {
        var crc = new Crc32();
        crc.Append(lengthField);
        crc.Append(payload);
        return crc.GetCurrentHashAsUInt32();
    }

    private void Put(StoredGrant stored, StoredGrant? replaced)
    {
        Append(BuildFrame(OpPut, stored.Version, stored.GrantId, stored.Envelope.Span));
        _index[stored.GrantId] = stored;
        _liveBytes += FrameSize(stored) - (replaced is null ? 0 : FrameSize(replaced));
        CompactIfWorthIt();
    }

    /// <summary>Appends and fsyncs one frame; on failure cuts the file back so no partial frame stays behind.</summary>
    private void Append(byte[] frame)
    {
        var log = _log ?? throw new ObjectDisposedException(nameof(FileGrantStore));
        var before = _fileBytes;
        try
        {
            log.Write(frame);
            log.Flush(flushToDisk: true);
            Interlocked.Add(ref _fileBytes, frame.Length);
        }
        catch
        {
            try
            {
                log.SetLength(before);
                log.Position = before;
                log.Flush(flushToDisk: true);
            }
            catch (IOException)
            {
                // The next open cuts the torn frame off.
            }

            throw;
        }
    }

    private void CompactIfWorthIt()
    {
        var dead = _fileBytes - FileMagic.Length - _liveBytes;
        if (dead > Math.Max(_liveBytes, _compactionMinimumBytes))
        {
            try
            {
                Compact();
            }
            catch (IOException exception)
            {
                Log.TokenFileCompactionFailed(Logger, _path, exception);
            }
        }
    }

    /// <summary>Writes the live records to a temporary file, fsyncs it, renames it over the log, fsyncs the directory.</summary>
    private void Compact()
    {
        var before = _fileBytes;
        var temporary = _path + ".tmp";
        long liveBytes = FileMagic.Length;
        try
        {
            using (var stream = new FileStream(temporary, CreateOptions(FileMode.Create)))
            {
                stream.Write(FileMagic);
                foreach (var stored in _index.Values)
                {
                    var frame = BuildFrame(OpPut, stored.Version, stored.GrantId, stored.Envelope.Span);
                    stream.Write(frame);
                    liveBytes += frame.Length;
                }

                stream.Flush(flushToDisk: true);
            }

            _log?.Dispose();
            _log = null;
            File.Move(temporary, _path, overwrite: true);
            FileSync.FlushDirectory(_directory);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            _log ??= OpenLog();
            Interlocked.Exchange(ref _fileBytes, _log.Length);
            _liveBytes = _fileBytes - FileMagic.Length;
        }

        Log.TokenFileCompacted(Logger, _path, _index.Count, before, liveBytes);
    }

    private FileStream OpenLog()
    {
        var log = new FileStream(_path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Write,
            Share = FileShare.Read,
            BufferSize = 0,
        });
        log.Seek(0, SeekOrigin.End);
        return log;
    }

    private static FileStreamOptions CreateOptions(FileMode mode)
    {
        var options = new FileStreamOptions
        {
            Mode = mode,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 1 << 16,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    private void Load()
    {
        Directory.CreateDirectory(_directory);
        if (_lockFile is null)
        {
            try
            {
                _lockFile = new FileStream(_path + ".lock", new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                });
            }
            catch (IOException exception)
            {
                throw new IOException($"The token file {_path} is in use by another process (its .lock file is held).", exception);
            }
        }

        if (File.Exists(_path + ".tmp"))
        {
            File.Delete(_path + ".tmp"); // an interrupted compaction: the log itself is intact
            RemovedInterruptedCompactionOnOpen = true;
        }

        _index.Clear();
        _liveBytes = 0;
        if (!File.Exists(_path))
        {
            Compact(); // an empty log, created durably
            Log.GrantStoreOpened(Logger, Kind, 0, Keys.Current.Current?.KeyIdHex ?? "none");
            return;
        }

        var bytes = File.ReadAllBytes(_path);
        var scan = Scan(bytes);
        if (scan.DamagedBytes > 0 || scan.RejectedFrames > 0)
        {
            var copy = string.Create(CultureInfo.InvariantCulture, $"{_path}.corrupt-{DateTimeOffset.UtcNow:yyyyMMdd'T'HHmmss'Z'}");
            File.Copy(_path, copy, overwrite: true);
            Log.TokenFileDamaged(Logger, _path, scan.DamagedBytes, scan.RejectedFrames, _index.Count, copy);
            Compact();
        }
        else
        {
            if (scan.TornBytes > 0)
            {
                using var truncate = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.Read);
                truncate.SetLength(scan.GoodLength);
                truncate.Flush(flushToDisk: true);
                TornBytesCutOnOpen = scan.TornBytes;
                Log.TokenFileTornTail(Logger, _path, scan.TornBytes);
            }

            _log = OpenLog();
            Interlocked.Exchange(ref _fileBytes, _log.Length);
            CompactIfWorthIt();
        }

        Log.GrantStoreOpened(Logger, Kind, _index.Count, Keys.Current.Current?.KeyIdHex ?? "none");
    }

    private readonly record struct ScanResult(long GoodLength, long DamagedBytes, int RejectedFrames, long TornBytes);

    /// <summary>Replays the log into the index, resynchronising on the frame marker after any damage.</summary>
    private ScanResult Scan(byte[] bytes)
    {
        var span = bytes.AsSpan();
        long damaged = 0;
        var rejected = 0;
        var position = 0;
        if (span.StartsWith(FileMagic))
        {
            position = FileMagic.Length;
        }
        else if (span.Length > 0)
        {
            rejected++; // a damaged or foreign header: keep whatever frames follow
        }

        while (position < span.Length)
        {
            var rest = span[position..];
            if (!rest.StartsWith(FrameMarker))
            {
                if (rest.Length < FrameMarker.Length && FrameMarker.StartsWith(rest))
                {
                    return new ScanResult(position, damaged, rejected, rest.Length); // torn inside the marker
                }

                var next = rest.IndexOf(FrameMarker);
                var skipped = next < 0 ? rest.Length : next;
                damaged += skipped;
                position += skipped;
                continue;
            }

            if (rest.Length < FrameHeaderSize)
            {
                return new ScanResult(position, damaged, rejected, rest.Length);
            }

            var payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(rest[4..]);
            var valid = payloadLength is >= PayloadFixedSize and <= MaxPayloadSize;
            if (valid && FrameHeaderSize + payloadLength > rest.Length)
            {
                // Runs past the end: a torn last append, unless another frame starts inside it (then: damage).
                if (rest[FrameMarker.Length..].IndexOf(FrameMarker) < 0)
                {
                    return new ScanResult(position, damaged, rejected, rest.Length);
                }

                valid = false;
            }

            if (valid)
            {
                var payload = rest.Slice(FrameHeaderSize, (int)payloadLength);
                valid = BinaryPrimitives.ReadUInt32LittleEndian(rest[8..]) == Checksum(rest.Slice(4, 4), payload)
                    && Apply(bytes.AsMemory(position + FrameHeaderSize, (int)payloadLength));
            }

            if (!valid)
            {
                rejected++;
                damaged += 1;
                position += 1; // resynchronise on the next marker
                continue;
            }

            position += FrameHeaderSize + (int)payloadLength;
        }

        return new ScanResult(position, damaged, rejected, 0);
    }

    private bool Apply(ReadOnlyMemory<byte> payloadMemory)
    {
        var payload = payloadMemory.Span;
        var op = payload[0];
        var version = BinaryPrimitives.ReadInt64LittleEndian(payload[1..]);
        var idLength = BinaryPrimitives.ReadUInt16LittleEndian(payload[9..]);
        if (PayloadFixedSize + idLength > payload.Length || idLength == 0)
        {
            return false;
        }

        var grantId = Encoding.UTF8.GetString(payload.Slice(PayloadFixedSize, idLength));
        var envelope = payloadMemory[(PayloadFixedSize + idLength)..];
        _index.TryGetValue(grantId, out var previous);
        switch (op)
        {
            case OpPut when version > 0 && envelope.Length > 0:
                var stored = new StoredGrant(grantId, version, envelope); // a slice of the loaded file: no copy
                _index[grantId] = stored;
                _liveBytes += FrameSize(stored) - (previous is null ? 0 : FrameSize(previous));
                return true;
            case OpDelete when envelope.Length == 0:
                if (previous is not null)
                {
                    _index.TryRemove(grantId, out _);
                    _liveBytes -= FrameSize(previous);
                }

                return true;
            default:
                return false;
        }
    }
}
