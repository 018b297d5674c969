using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Resolves a service's options once before it starts listening, so that a bad configuration stops start-up
/// with ONE line that names every problem (DESIGN.md §2) instead of a stack trace on the first request.
/// </summary>
public static class StartupConfiguration
{
    public const string FailurePrefix = "Failed to load configuration: ";

    /// <summary>
    /// Returns the validated options, or null after writing <c>Failed to load configuration: …</c> to standard
    /// error. Validators must never put a value into a failure message, only names.
    /// </summary>
    /// <remarks>The annotation is <see cref="IOptions{TOptions}"/>'s own: the options type keeps its constructor when trimmed.</remarks>
    public static TOptions? LoadValidated<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(this WebApplication app)
        where TOptions : class
    {
        try
        {
            return app.Services.GetRequiredService<IOptions<TOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            // Standard error, not the logger: the logging pipeline may itself be what is misconfigured, and the
            // operator must see this line in the container's output whatever happens.
            Console.Error.WriteLine(FailurePrefix + string.Join("; ", ex.Failures));
            return null;
        }
    }
}
