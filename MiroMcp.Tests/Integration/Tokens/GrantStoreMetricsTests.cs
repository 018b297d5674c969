using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MiroMcp.Benchmarks.TokenStore;
using MiroMcp.Server.Tokens;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Integration.Tokens;

/// <summary>The "MiroMcp.Tokens" meter: what an operator watches during a rotation.</summary>
public sealed class GrantStoreMetricsTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("miromcp-metrics-");
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, long Value, string Tags)> _measurements = [];

    public GrantStoreMetricsTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this test's meter: other tests create meters of the same name in parallel.
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var text = string.Join(",", tags.ToArray().Select(tag => $"{tag.Key}={tag.Value}"));
            lock (_measurements)
            {
                _measurements.Add((instrument.Name, value, text));
            }
        });
        _listener.Start();
    }

    private string FilePath => Path.Combine(_directory.FullName, "tokens.enc");

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Rotation_AccessSweepAndUnknownKey_AreCountedByTrigger()
    {
        var oldKey = TestSecrets.NewHexKey();
        var newKey = TestSecrets.NewHexKey();
        using var metrics = new TokenStoreMetrics(_services.GetRequiredService<IMeterFactory>());
        using (var seedKeys = new GrantKeyRingProvider(oldKey))
        using (var seed = new FileGrantStore(FilePath, seedKeys, metrics, NullLogger.Instance))
        {
            for (var i = 0; i < 3; i++)
            {
                await seed.SaveAsync(SampleGrants.Create(SampleGrants.Id(i), 1), 0, CancellationToken.None);
            }
        }

        using (var keys = new GrantKeyRingProvider(newKey, oldKey))
        using (var rotated = new FileGrantStore(FilePath, keys, metrics, NullLogger.Instance))
        {
            await rotated.GetAsync(SampleGrants.Id(0), CancellationToken.None);
            await rotated.SweepAsync(CancellationToken.None);
        }

        using (var otherKeys = new GrantKeyRingProvider(TestSecrets.NewHexKey()))
        using (var other = new FileGrantStore(FilePath, otherKeys, metrics, NullLogger.Instance))
        {
            await other.GetAsync(SampleGrants.Id(1), CancellationToken.None);
        }

        lock (_measurements)
        {
            Assert.Equal(3, _measurements.Where(m => m.Instrument == "miromcp.tokens.writes").Sum(m => m.Value));
            Assert.Equal(1, _measurements.Where(m => m.Instrument == "miromcp.tokens.reencrypted" && m.Tags == "trigger=access").Sum(m => m.Value));
            Assert.Equal(2, _measurements.Where(m => m.Instrument == "miromcp.tokens.reencrypted" && m.Tags == "trigger=sweep").Sum(m => m.Value));
            Assert.Equal(1, _measurements.Where(m => m.Instrument == "miromcp.tokens.unreadable" && m.Tags == "reason=unknown_key").Sum(m => m.Value));
        }
    }
}
