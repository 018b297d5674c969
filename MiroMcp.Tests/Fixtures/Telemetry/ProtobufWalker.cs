using System.Text;

namespace MiroMcp.Tests.Fixtures.Telemetry;

/// <summary>
/// Reads protobuf without a schema: a message is a list of (field number, wire type, value). Enough to find
/// resource attributes and count records of an OTLP export request, whose three signals share one shape:
/// request.1 = Resource{Logs,Spans,Metrics} { 1 = resource, 2 = Scope… { 2 = record } }.
/// </summary>
internal static class ProtobufWalker
{
    public readonly record struct Field(int Number, int WireType, ReadOnlyMemory<byte> Bytes, ulong Varint);

    /// <summary>The fields of a message, or null when the bytes are not a well-formed message.</summary>
    public static List<Field>? TryParse(ReadOnlyMemory<byte> message)
    {
        var fields = new List<Field>();
        var span = message.Span;
        var position = 0;
        while (position < span.Length)
        {
            if (!TryReadVarint(span, ref position, out var tag))
            {
                return null;
            }

            var number = (int)(tag >> 3);
            var wireType = (int)(tag & 7);
            if (number <= 0)
            {
                return null;
            }

            switch (wireType)
            {
                case 0:
                    if (!TryReadVarint(span, ref position, out var value))
                    {
                        return null;
                    }

                    fields.Add(new Field(number, wireType, ReadOnlyMemory<byte>.Empty, value));
                    break;
                case 1:
                case 5:
                    var size = wireType == 1 ? 8 : 4;
                    if (position + size > span.Length)
                    {
                        return null;
                    }

                    fields.Add(new Field(number, wireType, message.Slice(position, size), 0));
                    position += size;
                    break;
                case 2:
                    if (!TryReadVarint(span, ref position, out var length) || length > (ulong)(span.Length - position))
                    {
                        return null;
                    }

                    fields.Add(new Field(number, wireType, message.Slice(position, (int)length), 0));
                    position += (int)length;
                    break;
                default:
                    return null;
            }
        }

        return fields;
    }

    /// <summary>Every length-delimited value at any depth (strings, bytes and nested messages), depth first.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> LengthDelimited(ReadOnlyMemory<byte> message, int depth = 0)
    {
        if (depth > 64 || TryParse(message) is not { } fields)
        {
            yield break;
        }

        foreach (var field in fields.Where(field => field.WireType == 2))
        {
            yield return field.Bytes;
            foreach (var inner in LengthDelimited(field.Bytes, depth + 1))
            {
                yield return inner;
            }
        }
    }

    public static string? AsString(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.Span);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>
    /// For each resource block of an OTLP export request: its service.name and how many records (log records,
    /// spans or metrics) it holds.
    /// </summary>
    public static IEnumerable<(string Service, int Records)> RecordsPerService(ReadOnlyMemory<byte> request)
    {
        foreach (var resourceBlock in Children(request, 1))
        {
            var service = Children(resourceBlock, 1).Select(ServiceName).FirstOrDefault(name => name is not null) ?? "(none)";
            var records = Children(resourceBlock, 2).Sum(scope => Children(scope, 2).Count());
            yield return (service, records);
        }
    }

    private static string? ServiceName(ReadOnlyMemory<byte> resource)
    {
        // Resource.1 = KeyValue { 1 = key, 2 = AnyValue { 1 = string_value } }.
        foreach (var attribute in Children(resource, 1))
        {
            if (Children(attribute, 1).Select(AsString).FirstOrDefault() == "service.name")
            {
                return Children(attribute, 2).SelectMany(value => Children(value, 1)).Select(AsString).FirstOrDefault();
            }
        }

        return null;
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Children(ReadOnlyMemory<byte> message, int number) =>
        (TryParse(message) ?? []).Where(field => field.Number == number && field.WireType == 2).Select(field => field.Bytes);

    private static bool TryReadVarint(ReadOnlySpan<byte> span, ref int position, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= span.Length)
            {
                return false;
            }

            var b = span[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
