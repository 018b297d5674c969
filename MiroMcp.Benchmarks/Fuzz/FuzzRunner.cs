using System.Collections.Concurrent;

namespace MiroMcp.Benchmarks.Fuzz;

/// <summary>What a fuzz run saw: answers by status code, every 5xx (with the case that caused it) and transport failures.</summary>
internal sealed class FuzzReport
{
    public int Sent;
    public int Unsendable;
    public int TransportErrors;

    public ConcurrentDictionary<int, int> ByStatus { get; } = new();

    public ConcurrentQueue<string> Failures { get; } = new();

    public int ServerErrors => ByStatus.Where(pair => pair.Key >= 500).Sum(pair => pair.Value);

    public string Summary() =>
        $"{Sent:N0} sent, {ServerErrors} 5xx, {TransportErrors} transport errors, {Unsendable} not sendable by HttpClient; by status: "
        + string.Join(", ", ByStatus.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}×{pair.Value:N0}"));
}

/// <summary>Sends generated cases with a few concurrent workers (cases are drawn in order, so a seed reproduces).</summary>
internal static class FuzzRunner
{
    public static async Task<FuzzReport> RunAsync(FuzzGenerator generator, Uri server, Uri? gateway, int requests, int concurrency, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = concurrency };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var report = new FuzzReport();
        var gate = new object();
        var next = 0;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                FuzzCase fuzzCase;
                lock (gate)
                {
                    if (next >= requests)
                    {
                        return;
                    }

                    fuzzCase = generator.Next(++next);
                }

                await SendAsync(http, fuzzCase, fuzzCase.Target == FuzzTarget.Gateway ? gateway! : server, report, cancellationToken);
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        return report;
    }

    private static async Task SendAsync(HttpClient http, FuzzCase fuzzCase, Uri baseUrl, FuzzReport report, CancellationToken cancellationToken)
    {
        HttpRequestMessage request;
        try
        {
            request = new HttpRequestMessage(fuzzCase.Method, new Uri(baseUrl, fuzzCase.Path));
            if (fuzzCase.Body is not null)
            {
                request.Content = new ByteArrayContent(fuzzCase.Body);
                if (!string.IsNullOrEmpty(fuzzCase.ContentType))
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzzCase.ContentType);
                }
            }

            foreach (var (name, value) in fuzzCase.Headers)
            {
                if (name == "Host")
                {
                    request.Headers.Host = value;
                }
                else
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
            }
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or UriFormatException)
        {
            Interlocked.Increment(ref report.Unsendable);
            return;
        }

        using (request)
        {
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                Interlocked.Increment(ref report.Sent);
                report.ByStatus.AddOrUpdate((int)response.StatusCode, 1, (_, count) => count + 1);
                if ((int)response.StatusCode >= 500)
                {
                    report.Failures.Enqueue($"{(int)response.StatusCode} ← {fuzzCase.Description}");
                }
            }
            catch (HttpRequestException exception) when (exception.HttpRequestError is HttpRequestError.InvalidResponse or HttpRequestError.Unknown
                && exception.InnerException is ArgumentException or FormatException or NotSupportedException)
            {
                Interlocked.Increment(ref report.Unsendable);
            }
            catch (HttpRequestException exception) when (exception.Message.Contains("ASCII", StringComparison.Ordinal) || exception.InnerException is ArgumentException or FormatException)
            {
                Interlocked.Increment(ref report.Unsendable);
            }
            catch (HttpRequestException exception)
            {
                Interlocked.Increment(ref report.TransportErrors);
                report.Failures.Enqueue($"transport: {exception.Message} ← {fuzzCase.Description}");
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref report.TransportErrors);
                report.Failures.Enqueue($"timeout ← {fuzzCase.Description}");
            }
        }
    }
}
