namespace MiroMcp.Server.Tokens;

/// <summary>Why a record could not be opened.</summary>
internal enum TokenProtectionFailure
{
    /// <summary>Not an envelope of a format we know (too short, wrong magic or version).</summary>
    Malformed,

    /// <summary>Sealed under a key id that matches neither the current nor the previous key.</summary>
    UnknownKey,

    /// <summary>The key id matched but authentication failed: tampered, or bound to another record.</summary>
    Tampered,

    /// <summary>Authenticated, but the content is not a grant we can read, or disagrees with its record.</summary>
    Unreadable,

    /// <summary>No usable key (missing or malformed MIRO_ENCRYPTION_KEY).</summary>
    NoKey,
}

/// <summary>
/// The one exception every envelope failure becomes. Its message names the failure and at most a key id (a
/// fingerprint, never key material), never a token or a plaintext byte.
/// </summary>
internal sealed class TokenProtectionException : Exception
{
    public TokenProtectionException(TokenProtectionFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public TokenProtectionFailure Failure { get; }

    /// <summary>The key id read from the envelope, when it could be read (hex).</summary>
    public string? KeyId { get; init; }
}
