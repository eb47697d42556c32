using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using IntelHub.Policy.Decisions;

namespace IntelHub.Policy.Tooling;

/// <summary>Writes a decision and its explanation as the JSON documented in policies/README.md.</summary>
public static class DecisionJson
{
    public static string Write(Explanation explanation, IReadOnlyList<string> unknownNames) =>
        Document(indented: true, json => Decision(json, explanation, unknownNames));

    /// <summary>The same decision on one line, led by the number of the input line it answers (<c>policy decide --lines</c>).</summary>
    public static string WriteLine(int line, Explanation explanation, IReadOnlyList<string> unknownNames) =>
        Document(indented: false, json =>
        {
            json.WriteNumber("line", line);
            Decision(json, explanation, unknownNames);
        });

    /// <summary>An input line that could not be decided, with what is wrong with it, on one line.</summary>
    public static string WriteLineError(int line, IEnumerable<string> problems) =>
        Document(indented: false, json =>
        {
            json.WriteNumber("line", line);
            json.WriteStartArray("errors");
            foreach (var problem in problems) json.WriteStringValue(problem);
            json.WriteEndArray();
        });

    private static string Document(bool indented, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Decision(Utf8JsonWriter json, Explanation explanation, IReadOnlyList<string> unknownNames)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(unknownNames);
        var decision = explanation.Decision;
        json.WriteString("effect", Words.Effects.WordFor(decision.Effect));
        if (decision.IsPermit)
        {
            json.WriteString("view", Words.Views.WordFor(decision.View));
            json.WriteStartArray("obligations");
            foreach (var word in ObligationWords(decision.Obligations))
            {
                json.WriteStringValue(word);
            }

            json.WriteEndArray();
        }

        json.WriteString("reason", Words.Reasons.WordFor(decision.Reason));
        if (decision.Rule is { } rule)
        {
            json.WriteStartObject("decided-by");
            json.WriteString("protocol", rule.Protocol.Id);
            json.WriteString("version", rule.Protocol.Version);
            json.WriteString("rule", rule.Id);
            if (rule.LegalBasis is { } basis)
            {
                json.WriteString("legal-basis", basis);
            }

            json.WriteEndObject();
        }

        json.WriteStartObject("explanation");
        json.WriteString("summary", explanation.Reason);
        json.WriteStartArray("unknown-names");
        foreach (var name in unknownNames)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        json.WriteStartArray("rules");
        foreach (var trace in explanation.Rules)
        {
            json.WriteStartObject();
            json.WriteString("protocol", trace.ProtocolId);
            json.WriteString("version", trace.ProtocolVersion);
            json.WriteString("rule", trace.RuleId);
            json.WriteString("effect", Words.Effects.WordFor(trace.Effect));
            json.WriteBoolean("matched", trace.Matched);
            json.WriteString("outcome", trace.Outcome);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static IEnumerable<string> ObligationWords(Obligations obligations) =>
        Enum.GetValues<Obligations>().Where(o => o != Obligations.None && (obligations & o) == o).Select(Words.Obligations.WordFor);
}
