using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MiroMcp.Server.Auth.Storage;

/// <summary>
/// The JSON text of the list and dictionary columns, written as OpenIddict's EF Core stores wrote them (compact,
/// relaxed escaping, null instead of an empty list or object) and read as they read them (null and empty entries
/// skipped). No reflection: safe to trim.
/// </summary>
internal static class StoreJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>A JSON array of strings; empty for null text.</summary>
    public static ImmutableArray<string> ReadArray(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        var builder = ImmutableArray.CreateBuilder<string>(document.RootElement.GetArrayLength());
        foreach (var element in document.RootElement.EnumerateArray())
        {
            if (element.GetString() is { Length: > 0 } value) // as OpenIddict's EF Core stores read them: no empty entries
            {
                builder.Add(value);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Null for a default or empty array.</summary>
    public static string? WriteArray(ImmutableArray<string> values)
    {
        if (values.IsDefaultOrEmpty)
        {
            return null;
        }

        return Write(writer =>
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>A JSON object of any values (OpenIddict's "properties"); empty for null text.</summary>
    public static ImmutableDictionary<string, JsonElement> ReadProperties(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return ImmutableDictionary<string, JsonElement>.Empty;
        }

        using var document = JsonDocument.Parse(json);
        var builder = ImmutableDictionary.CreateBuilder<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            builder[property.Name] = property.Value.Clone();
        }

        return builder.ToImmutable();
    }

    /// <summary>Null for a null or empty dictionary.</summary>
    public static string? WriteProperties(ImmutableDictionary<string, JsonElement>? properties)
    {
        if (properties is null || properties.IsEmpty)
        {
            return null;
        }

        return Write(writer =>
        {
            writer.WriteStartObject();
            foreach (var (name, value) in properties)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>A JSON object of strings (OpenIddict's "settings"); empty for null text.</summary>
    public static ImmutableDictionary<string, string> ReadStrings(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return ImmutableDictionary<string, string>.Empty;
        }

        using var document = JsonDocument.Parse(json);
        var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Value.GetString() is { Length: > 0 } value)
            {
                builder[property.Name] = value;
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Null for a null or empty dictionary.</summary>
    public static string? WriteStrings(ImmutableDictionary<string, string>? values)
    {
        if (values is null || values.IsEmpty)
        {
            return null;
        }

        return Write(writer =>
        {
            writer.WriteStartObject();
            foreach (var (name, value) in values)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>A JSON object of culture name → text (localized display names, descriptions); empty for null text.</summary>
    public static ImmutableDictionary<CultureInfo, string> ReadLocalized(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return ImmutableDictionary<CultureInfo, string>.Empty;
        }

        var builder = ImmutableDictionary.CreateBuilder<CultureInfo, string>();
        foreach (var (name, value) in ReadStrings(json))
        {
            builder[CultureInfo.GetCultureInfo(name)] = value;
        }

        return builder.ToImmutable();
    }

    /// <summary>Null for a null or empty dictionary.</summary>
    public static string? WriteLocalized(ImmutableDictionary<CultureInfo, string>? values)
    {
        if (values is null || values.IsEmpty)
        {
            return null;
        }

        return Write(writer =>
        {
            writer.WriteStartObject();
            foreach (var (culture, value) in values)
            {
                writer.WriteString(culture.Name, value);
            }

            writer.WriteEndObject();
        });
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
