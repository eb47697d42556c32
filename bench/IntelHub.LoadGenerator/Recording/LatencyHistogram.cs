using System.Numerics;

namespace IntelHub.LoadGenerator.Recording;

/// <summary>
/// Latencies in microseconds, counted in log-linear buckets as HdrHistogram does: exact below 128 µs,
/// then each power of two split into 64 equal sub-buckets, so a percentile is reported within 1/128
/// (0.8 %) of a recorded value whatever its size, in constant memory and with no allocation per call.
/// One instance per worker; merged when the phase ends, so recording takes no lock.
/// </summary>
internal sealed class LatencyHistogram
{
    // 2^7 sub-buckets in the first bucket, 2^6 in each later one (the lower half is the previous bucket's range).
    private const int SubBucketBits = 7;
    private const int SubBucketHalf = 1 << (SubBucketBits - 1);
    // Bucket 40 starts at 2^46 µs (about 2 years): nothing a call can take.
    private const int Buckets = 40;
    private static readonly long Highest = ((long)SubBucketHalf * 2 << Buckets) - 1;

    private readonly long[] _counts = new long[(Buckets + 2) * SubBucketHalf];

    public long Count { get; private set; }

    public long MinMicroseconds { get; private set; } = long.MaxValue;

    public long MaxMicroseconds { get; private set; }

    public double MeanMicroseconds => Count == 0 ? 0 : (double)_sumMicroseconds / Count;

    private long _sumMicroseconds;

    public void Record(long microseconds)
    {
        var value = Math.Clamp(microseconds, 0, Highest);
        _counts[IndexOf(value)]++;
        Count++;
        _sumMicroseconds += value;
        MinMicroseconds = Math.Min(MinMicroseconds, value);
        MaxMicroseconds = Math.Max(MaxMicroseconds, value);
    }

    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
        Count += other.Count;
        _sumMicroseconds += other._sumMicroseconds;
        MinMicroseconds = Math.Min(MinMicroseconds, other.MinMicroseconds);
        MaxMicroseconds = Math.Max(MaxMicroseconds, other.MaxMicroseconds);
    }

    /// <summary>The latency below or at which <paramref name="percentile"/> % of the calls completed; 0 when nothing was recorded.</summary>
    public long ValueAtPercentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (Count == 0) return 0;
        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * Count));
        long seen = 0;
        for (var index = 0; index < _counts.Length; index++)
        {
            seen += _counts[index];
            if (seen >= rank) return Math.Clamp(Representative(index), MinMicroseconds, MaxMicroseconds);
        }
        return MaxMicroseconds;
    }

    private static int IndexOf(long value)
    {
        // The bucket is how far the value's top bit lies above the first bucket's range.
        var bucket = Math.Max(0, 63 - BitOperations.LeadingZeroCount((ulong)value) - (SubBucketBits - 1));
        var subBucket = (int)(value >> bucket);
        return (bucket * SubBucketHalf) + subBucket;
    }

    /// <summary>The middle of the range of values an index counts.</summary>
    private static long Representative(int index)
    {
        if (index < 2 * SubBucketHalf) return index;
        var bucket = (index / SubBucketHalf) - 1;
        var subBucket = index - (bucket * SubBucketHalf);
        var lowest = (long)subBucket << bucket;
        return lowest + ((1L << bucket) / 2);
    }
}
