using System.Globalization;
using System.Text;

namespace IntelHub.Policy.Benchmarks;

/// <summary>
/// Writes a generated national-scale policy set: 43 forces in 10 regions each with a regional intelligence unit,
/// 5 national agencies, 400 partners (councils, health boards, NGOs), and 200 protocols (a police/RIU protocol per
/// region, one GAIN protocol, and 189 partner ISPs shaped like the Wales anti-trafficking ISP).
/// </summary>
internal static class NationalPolicySet
{
    public const int Forces = 43;
    public const int Regions = 10;
    public const int Partners = 400;
    public const int Protocols = 200;

    public static string Write()
    {
        var root = Path.Combine(Path.GetTempPath(), "intelhub-national-" + Guid.NewGuid().ToString("N"), "policies");
        Directory.CreateDirectory(Path.Combine(root, "protocols"));
        File.WriteAllText(Path.Combine(root, "agencies.yaml"), Agencies());
        for (var region = 0; region < Regions; region++)
        {
            File.WriteAllText(Path.Combine(root, "protocols", $"region-{region}.yaml"), RegionalProtocol(region));
        }

        File.WriteAllText(Path.Combine(root, "protocols", "gain.yaml"), Gain());
        for (var isp = 0; isp < Protocols - Regions - 1; isp++)
        {
            File.WriteAllText(Path.Combine(root, "protocols", $"isp-{isp}.yaml"), PartnerIsp(isp));
        }

        return root;
    }

    private static int RegionOf(int force) => force % Regions;

    private static int ForceOf(int partner) => partner % Forces;

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Agencies()
    {
        var text = new StringBuilder("roles:\n");
        foreach (var role in new[] { "submitter", "analyst", "riu-analyst", "partner-practitioner", "protocol-owner", "auditor" })
        {
            text.Append(Inv($"  - id: {role}\n    description: {role}\n"));
        }

        text.Append("agencies:\n");
        void Agency(string id, string kind, bool lawEnforcement, string areas) =>
            text.Append(Inv($"  - id: {id}\n    name: {id}\n    kind: {kind}\n    law-enforcement: {(lawEnforcement ? "true" : "false")}\n    areas: [{areas}]\n"));
        for (var f = 0; f < Forces; f++)
        {
            Agency(Inv($"force-{f}"), "police-force", true, string.Join(", ", Enumerable.Range(0, 10).Select(a => Inv($"area-{f}-{a}"))));
        }

        for (var r = 0; r < Regions; r++)
        {
            Agency(Inv($"riu-{r}"), "regional-intelligence-unit", true, string.Join(", ", Enumerable.Range(0, Forces).Where(f => RegionOf(f) == r).Select(f => Inv($"area-{f}-0"))));
        }

        foreach (var national in new[] { "nca", "immigration-enforcement", "gla", "hmrc", "cps" })
        {
            Agency(national, national == "cps" ? "prosecutor" : "law-enforcement-agency", true, "area-0-0");
        }

        for (var p = 0; p < Partners; p++)
        {
            var kind = (p % 4) switch { 0 or 1 => "local-authority", 2 => "health-board", _ => "ngo" };
            Agency(Inv($"partner-{p}"), kind, false, Inv($"area-{ForceOf(p)}-{p % 10}"));
        }

        return text.ToString();
    }

    private static string Header(string id, string owner, string covers, IEnumerable<string> parties, string bases) => Inv($"""
        id: {id}
        title: Generated protocol {id}
        kind: isp
        version: "1"
        owner: {owner}
        approvers: []
        effective: 2025-01-01
        review: 2027-12-31
        purposes:
          - id: policing
            description: Policing.
          - id: safeguarding
            description: Safeguarding.
        legal-bases:
          - id: dpa-2018-part-3
            name: DPA 2018 Part 3
          - id: cda-1998-s115
            name: CDA 1998 s115
          - id: uk-gdpr
            name: UK GDPR Art 6 and 9
        parties:
        {string.Join("\n", parties.Select(p => Inv($"  - agency: {p}\n    legal-bases: [{bases}]")))}
        covers: {covers}
        personal-data: [special-category, criminal-offence, children]
        rules:

        """);

    private static string RegionalProtocol(int region)
    {
        var parties = Enumerable.Range(0, Forces).Where(f => RegionOf(f) == region).Select(f => Inv($"force-{f}")).Append(Inv($"riu-{region}"));
        return Header(Inv($"region-{region}"), Inv($"riu-{region}"), "[information, intelligence, product]", parties, "dpa-2018-part-3") + """
              - id: exchange-in-full
                effect: permit
                from: [law-enforcement]
                to: [law-enforcement]
                actions: [receive, view, search, compile, disseminate]
                when:
                  kinds: [information, intelligence]
                legal-basis: dpa-2018-part-3
                view: full
              - id: products-to-forces
                effect: permit
                from: [regional-intelligence-unit]
                to: [police-force]
                actions: [receive, view, search]
                when:
                  kinds: [product]
                legal-basis: dpa-2018-part-3
                view: full
            """ + "\n";
    }

    private static string Gain()
    {
        var parties = Enumerable.Range(0, Forces).Select(f => Inv($"force-{f}"))
            .Concat(Enumerable.Range(0, Regions).Select(r => Inv($"riu-{r}")))
            .Concat(["nca", "immigration-enforcement", "gla"]);
        return Header("gain", "riu-0", "[information, intelligence]", parties, "dpa-2018-part-3") + """
              - id: police-to-nca
                effect: permit
                from: [police-force, regional-intelligence-unit]
                to: [nca]
                actions: [receive, view, search, compile]
                legal-basis: dpa-2018-part-3
                view: full
              - id: police-to-gla-labour
                effect: permit
                from: [police-force, regional-intelligence-unit]
                to: [gla]
                actions: [receive, view, search]
                when:
                  exploitation: [labour]
                legal-basis: dpa-2018-part-3
                view: full
              - id: police-intelligence-to-immigration-enforcement
                effect: permit
                from: [police-force, regional-intelligence-unit]
                to: [immigration-enforcement]
                actions: [receive, view, search]
                when:
                  kinds: [intelligence]
                legal-basis: dpa-2018-part-3
                view: sanitised
              - id: no-onward-dissemination-by-national-agencies
                effect: deny
                from: [police-force, regional-intelligence-unit]
                to: [nca, immigration-enforcement, gla]
                actions: [disseminate]
                when:
                  kinds: [intelligence]
            """ + "\n";
    }

    private static string PartnerIsp(int isp)
    {
        // Each ISP joins one force and its RIU with the partners in that force's area (about 9 to 10 of them).
        var force = isp % Forces;
        var partners = Enumerable.Range(0, Partners).Where(p => ForceOf(p) == force && (p / Forces) % 5 == isp / Forces % 5).Select(p => Inv($"partner-{p}")).ToList();
        if (partners.Count == 0)
        {
            partners = [.. Enumerable.Range(0, Partners).Where(p => ForceOf(p) == force).Select(p => Inv($"partner-{p}"))];
        }

        var parties = new[] { Inv($"force-{force}"), Inv($"riu-{RegionOf(force)}") }.Concat(partners);
        return Header(Inv($"isp-{isp}"), Inv($"riu-{RegionOf(force)}"), "[information, intelligence, product]", parties, "dpa-2018-part-3, cda-1998-s115, uk-gdpr") + """
              - id: partner-information-to-police
                effect: permit
                from: [non-law-enforcement]
                to: [law-enforcement]
                actions: [receive, view, search, compile, disseminate]
                when:
                  kinds: [information]
                legal-basis: cda-1998-s115
                view: full
              - id: police-information-to-partners
                effect: permit
                from: [law-enforcement]
                to: [non-law-enforcement]
                actions: [receive, view, search]
                purposes: [safeguarding]
                when:
                  kinds: [information]
                  areas: [recipient-areas]
                legal-basis: uk-gdpr
                view: full
                obligations: [no-onward-dissemination]
              - id: sanitised-intelligence-to-partners
                effect: permit
                from: [law-enforcement]
                to: [non-law-enforcement]
                actions: [receive, view]
                purposes: [safeguarding]
                roles: [partner-practitioner]
                when:
                  kinds: [intelligence]
                  handling: [P]
                  areas: [recipient-areas]
                legal-basis: uk-gdpr
                view: sanitised
                obligations: [no-onward-dissemination, not-for-evidential-use]
              - id: partner-release-of-products
                effect: permit
                from: [regional-intelligence-unit]
                to: [non-law-enforcement]
                actions: [receive, view]
                when:
                  kinds: [product]
                legal-basis: uk-gdpr
                view: sanitised
              - id: partner-special-category-not-disseminated
                effect: deny
                from: [non-law-enforcement]
                to: [all-parties]
                actions: [disseminate]
                when:
                  personal-data: [special-category]
            """ + "\n";
    }
}
