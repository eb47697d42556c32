using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using IntelHub.Policy.Decisions;

namespace IntelHub.Policy.Tooling;

/// <summary>Writes a decision and its explanation as the JSON documented in policies/README.md.</summary>
public static class DecisionJson
{
    public static string Write(Explanation explanation, IReadOnlyList<string> unknownNames)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(unknownNames);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var decision = explanation.Decision;
            json.WriteStartObject();
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
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static IEnumerable<string> ObligationWords(Obligations obligations) =>
        Enum.GetValues<Obligations>().Where(o => o != Obligations.None && (obligations & o) == o).Select(Words.Obligations.WordFor);
}
