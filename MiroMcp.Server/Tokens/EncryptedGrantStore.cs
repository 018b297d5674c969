using System.Security.Cryptography;
using System.Text.Json;

namespace MiroMcp.Server.Tokens;

/// <summary>
/// One stored record as the engine keeps it: the grant id, its version, and the sealed envelope (for the file
/// store, a slice of the buffer the file was loaded into: no copy per record).
/// </summary>
internal sealed record StoredGrant(string GrantId, long Version, ReadOnlyMemory<byte> Envelope)
{
    public override string ToString() => $"{nameof(StoredGrant)} {{ GrantId = {GrantId}, Version = {Version}, Envelope = {Envelope.Length} bytes }}";
}

/// <summary>What one re-encryption sweep found.</summary>
internal sealed record SweepResult(long Examined, long Reencrypted, long UnknownKey, long Damaged, IReadOnlyDictionary<string, long> UnknownKeyIds);

/// <summary>
/// What both engines share: envelopes (AES-256-GCM, bound to grant id and purpose), optimistic concurrency,
/// re-encryption under the current key on access and in a sweep, and "unreadable counts as absent". Engines
/// implement only the storage primitives.
/// </summary>
internal abstract class EncryptedGrantStore : IGrantStore
{
    public const string Purpose = "miromcp.grant.v1";
    private const int SweepBatchSize = 256;

    protected EncryptedGrantStore(GrantKeyRingProvider keys, TokenStoreMetrics metrics, ILogger logger)
    {
        Keys = keys;
        Metrics = metrics;
        Logger = logger;
    }

    /// <summary>"file" or "postgresql", for logs.</summary>
    public abstract string Kind { get; }

    protected GrantKeyRingProvider Keys { get; }

    protected TokenStoreMetrics Metrics { get; }

    protected ILogger Logger { get; }

    /// <summary>Loads the file or creates/migrates the schema. Idempotent; every operation calls it first.</summary>
    public abstract Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Number of records (readable or not).</summary>
    public abstract Task<long> CountAsync(CancellationToken cancellationToken);

    public async Task<Grant?> GetAsync(string grantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(grantId);
        await InitializeAsync(cancellationToken);
        var stored = await ReadRecordAsync(grantId, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        if (!TryOpen(stored, out var grant, out var underPreviousKey, out var failure))
        {
            Metrics.Unreadable(failure!.Failure);
            Log.GrantRecordRejected(Logger, failure.Failure.ToString(), failure.KeyId ?? "-");
            return null;
        }

        if (underPreviousKey)
        {
            await ReencryptAsync(stored, grant!, "access", cancellationToken);
        }

        return grant;
    }

    public async Task<Grant?> SaveAsync(Grant grant, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentException.ThrowIfNullOrEmpty(grant.GrantId);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        await InitializeAsync(cancellationToken);

        var saved = grant with { Version = expectedVersion + 1 };
        var envelope = Seal(saved);
        var written = await WriteRecordAsync(saved.GrantId, expectedVersion, saved.Version, envelope, cancellationToken);
        if (!written && expectedVersion == 0)
        {
            // A record nobody can read (unknown key, tampered) counts as absent: a new sign-in replaces it.
            var stored = await ReadRecordAsync(saved.GrantId, cancellationToken);
            if (stored is not null && !TryOpen(stored, out _, out _, out _))
            {
                written = await WriteRecordAsync(saved.GrantId, stored.Version, saved.Version, envelope, cancellationToken);
            }
        }

        if (!written)
        {
            Metrics.Conflict();
            return null;
        }

        Metrics.Written();
        return saved;
    }

    public async Task<bool> DeleteAsync(string grantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(grantId);
        await InitializeAsync(cancellationToken);
        return await DeleteRecordAsync(grantId, cancellationToken);
    }

    /// <summary>
    /// Inserts many new grants at once (each at version 1), skipping ids already stored; returns how many were
    /// inserted. Durable when it returns. For imports and benchmarks: one fsync or one statement per batch.
    /// </summary>
    public async Task<int> ImportAsync(IReadOnlyList<Grant> grants, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grants);
        await InitializeAsync(cancellationToken);
        var records = new List<StoredGrant>(grants.Count);
        foreach (var grant in grants)
        {
            ArgumentException.ThrowIfNullOrEmpty(grant.GrantId);
            var saved = grant with { Version = 1 };
            records.Add(new StoredGrant(saved.GrantId, 1, Seal(saved)));
        }

        var inserted = await InsertBatchAsync(records, cancellationToken);
        for (var i = 0; i < inserted; i++)
        {
            Metrics.Written();
        }

        return inserted;
    }

    /// <summary>
    /// Re-encrypts, under the current key, every record sealed under the previous key; counts (and never deletes)
    /// records under unknown keys and damaged ones.
    /// </summary>
    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        var current = Keys.Current.Current
            ?? throw new TokenProtectionException(TokenProtectionFailure.NoKey, "No encryption key is configured (MIRO_ENCRYPTION_KEY).");
        var currentKeyId = current.KeyId.ToArray();

        var candidates = await ListGrantIdsNotUnderKeyAsync(currentKeyId, cancellationToken);
        Metrics.SweepPending(candidates.Count);
        long examined = 0, reencrypted = 0, unknown = 0, damaged = 0;
        var unknownKeyIds = new Dictionary<string, long>(StringComparer.Ordinal);
        var batch = new List<(StoredGrant Stored, byte[] Envelope)>(SweepBatchSize);
        foreach (var grantId in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            examined++;
            var stored = await ReadRecordAsync(grantId, cancellationToken);
            if (stored is not null)
            {
                if (TryOpen(stored, out var grant, out var underPreviousKey, out var failure))
                {
                    if (underPreviousKey && TrySeal(grant!, out var envelope))
                    {
                        batch.Add((stored, envelope));
                    }
                }
                else if (failure!.Failure == TokenProtectionFailure.UnknownKey)
                {
                    unknown++;
                    var keyId = failure.KeyId ?? "-";
                    unknownKeyIds[keyId] = unknownKeyIds.GetValueOrDefault(keyId) + 1;
                }
                else
                {
                    damaged++;
                }
            }

            if (batch.Count == SweepBatchSize || examined == candidates.Count)
            {
                reencrypted += await ReplaceBatchAsync(batch, cancellationToken);
                batch.Clear();
                Metrics.SweepPending(candidates.Count - examined);
            }

            if (examined % 1000 == 0)
            {
                Log.SweepProgress(Logger, examined, candidates.Count, reencrypted);
            }
        }

        Metrics.SweepPending(0);
        return new SweepResult(examined, reencrypted, unknown, damaged, unknownKeyIds);
    }

    // ---- engine primitives ----

    protected abstract Task<StoredGrant?> ReadRecordAsync(string grantId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the record if its stored version is <paramref name="storedVersion"/> (0: only if absent). False when
    /// the stored version differs. Durable when it returns true.
    /// </summary>
    protected abstract Task<bool> WriteRecordAsync(string grantId, long storedVersion, long newVersion, byte[] envelope, CancellationToken cancellationToken);

    /// <summary>Replaces the envelope only if the record is still exactly <paramref name="stored"/> (same version and bytes).</summary>
    protected abstract Task<bool> ReplaceEnvelopeAsync(StoredGrant stored, byte[] envelope, CancellationToken cancellationToken);

    /// <summary>Inserts the records whose ids are absent; returns how many. Durable when it returns.</summary>
    protected abstract Task<int> InsertBatchAsync(IReadOnlyList<StoredGrant> records, CancellationToken cancellationToken);

    protected abstract Task<bool> DeleteRecordAsync(string grantId, CancellationToken cancellationToken);

    /// <summary>Ids of the records whose envelope names another key id than <paramref name="keyId"/> (or is malformed).</summary>
    protected abstract Task<IReadOnlyList<string>> ListGrantIdsNotUnderKeyAsync(byte[] keyId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces several envelopes, each only if its record is unchanged; returns how many were replaced. The file
    /// store overrides this to write a batch with one fsync.
    /// </summary>
    protected virtual async Task<int> ReplaceEnvelopesAsync(IReadOnlyList<(StoredGrant Stored, byte[] Envelope)> replacements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacements);
        var replaced = 0;
        foreach (var (stored, envelope) in replacements)
        {
            replaced += await ReplaceEnvelopeAsync(stored, envelope, cancellationToken) ? 1 : 0;
        }

        return replaced;
    }

    private async Task<int> ReplaceBatchAsync(List<(StoredGrant Stored, byte[] Envelope)> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var replaced = await ReplaceEnvelopesAsync(batch, cancellationToken);
        for (var i = 0; i < replaced; i++)
        {
            Metrics.Reencrypted("sweep");
        }

        return replaced;
    }

    private bool TrySeal(Grant grant, out byte[] envelope)
    {
        try
        {
            envelope = Seal(grant);
            return true;
        }
        catch (TokenProtectionException)
        {
            envelope = [];
            return false;
        }
    }

    private async Task<bool> ReencryptAsync(StoredGrant stored, Grant grant, string trigger, CancellationToken cancellationToken)
    {
        byte[] envelope;
        try
        {
            envelope = Seal(grant);
        }
        catch (TokenProtectionException)
        {
            return false;
        }

        if (await ReplaceEnvelopeAsync(stored, envelope, cancellationToken))
        {
            Metrics.Reencrypted(trigger);
            return true;
        }

        return false;
    }

    private byte[] Seal(Grant grant)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(grant, GrantJsonContext.Default.Grant);
        try
        {
            return TokenEnvelope.Seal(Keys, Purpose, grant.GrantId, plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private bool TryOpen(StoredGrant stored, out Grant? grant, out bool underPreviousKey, out TokenProtectionException? failure)
    {
        grant = null;
        underPreviousKey = false;
        failure = null;
        byte[]? plaintext = null;
        try
        {
            plaintext = TokenEnvelope.Open(Keys, Purpose, stored.GrantId, stored.Envelope.Span, out underPreviousKey);
            grant = JsonSerializer.Deserialize(plaintext, GrantJsonContext.Default.Grant);
            if (grant is null || grant.GrantId != stored.GrantId || grant.Version != stored.Version || grant.Tokens is null)
            {
                grant = null;
                failure = new TokenProtectionException(TokenProtectionFailure.Unreadable, "The record's content disagrees with its id or version.");
                return false;
            }

            return true;
        }
        catch (TokenProtectionException exception)
        {
            failure = exception;
            return false;
        }
        catch (JsonException exception)
        {
            failure = new TokenProtectionException(TokenProtectionFailure.Unreadable, "The record's content is not a grant.", exception);
            return false;
        }
        finally
        {
            if (plaintext is not null)
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
    }
}
