using IntelHub.Audit.Hashing;

namespace IntelHub.Audit.Tests.TestData;

/// <summary>The published RFC 6962 vectors, read from TestData/rfc6962-vectors.txt.</summary>
internal static class Rfc6962Vectors
{
    private static readonly Lazy<Parsed> Data = new(Parse);

    public static IReadOnlyList<byte[]> Leaves => Data.Value.Leaves;

    public static IReadOnlyDictionary<long, MerkleHash> Roots => Data.Value.Roots;

    public static IReadOnlyList<(long Index, long Size, MerkleHash[] Path)> Inclusions => Data.Value.Inclusions;

    public static IReadOnlyList<(long Size1, long Size2, MerkleHash[] Proof)> Consistencies => Data.Value.Consistencies;

    private static Parsed Parse()
    {
        var parsed = new Parsed();
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "rfc6962-vectors.txt");
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var f = line.Split(' ');
            switch (f[0])
            {
                case "leaf":
                    parsed.Leaves.Add(f[2] == "-" ? [] : Convert.FromHexString(f[2]));
                    break;
                case "root":
                    parsed.Roots[long.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture)] = MerkleHash.FromHex(f[2]);
                    break;
                case "inclusion":
                    parsed.Inclusions.Add((Number(f[1]), Number(f[2]), [.. f.Skip(3).Select(MerkleHash.FromHex)]));
                    break;
                case "consistency":
                    parsed.Consistencies.Add((Number(f[1]), Number(f[2]), [.. f.Skip(3).Select(MerkleHash.FromHex)]));
                    break;
                default:
                    throw new InvalidDataException($"{path}: unknown record '{f[0]}'.");
            }
        }

        return parsed;
    }

    private static long Number(string text) => long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private sealed class Parsed
    {
        public List<byte[]> Leaves { get; } = [];

        public Dictionary<long, MerkleHash> Roots { get; } = [];

        public List<(long, long, MerkleHash[])> Inclusions { get; } = [];

        public List<(long, long, MerkleHash[])> Consistencies { get; } = [];
    }
}
