using System.Globalization;
using IntelHub.Domain.Classification;
using IntelHub.Domain.Grading;
using IntelHub.Domain.Items;
using IntelHub.Domain.Themes;
using IntelHub.Policy.Compilation;
using IntelHub.Policy.Decisions;
using IntelHub.Policy.Diagnostics;
using IntelHub.Policy.Publishing;

namespace IntelHub.Policy.Tooling;

/// <summary>One decision that differs between the old and the new policy; role and purpose are empty for routing (receive).</summary>
public sealed record DecisionChange(string Requester, string Role, string Purpose, string Action, string Item, string Old, string New)
{
    public override string ToString() =>
        $"{Requester}{(Role.Length == 0 ? " (routing)" : $" as {Role} for {Purpose}")}: {Action} {Item}\n    was: {Old}\n    now: {New}";
}

/// <summary>Changed decisions grouped by who asks, the action and the old and new outcome, with how many item shapes each covers.</summary>
public sealed record DecisionChangeGroup(string Requester, string Action, string Old, string New, int Count)
{
    public override string ToString() => $"{Count,6} x {Requester}: {Action}\n    was: {Old}\n    now: {New}";
}

public sealed record PolicyDiffResult(IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<DecisionChange> Changes, long DecisionsCompared)
{
    public bool Succeeded => !Diagnostics.Any(d => d.Severity == Severity.Error);

    /// <summary>The changes summarised for a reader: one line per requester, action and change of outcome.</summary>
    public IReadOnlyList<DecisionChangeGroup> Summary() =>
        [.. Changes
            .GroupBy(c => (c.Requester, c.Action, c.Old, c.New))
            .Select(g => new DecisionChangeGroup(g.Key.Requester, g.Key.Action, g.Key.Old, g.Key.New, g.Count()))
            .OrderBy(g => g.Requester, StringComparer.Ordinal)
            .ThenBy(g => g.Action, StringComparer.Ordinal)];
}

/// <summary>
/// Which decisions change between two versions of a protocol (or of the whole set): every requester, action and
/// item shape that exists is decided under both and the differences listed. Agencies that every rule of both
/// versions treats alike are decided once, through one representative; item facts are taken from the values the
/// rules mention plus one value they do not.
/// </summary>
public static class PolicyDiff
{
    public static PolicyDiffResult CompareProtocolFiles(string policyDirectory, string oldFile, string newFile, DateOnly on)
    {
        var old = PolicyLoader.Load(policyDirectory, [oldFile], on);
        var @new = PolicyLoader.Load(policyDirectory, [newFile], on);
        return Compare(old, @new, on);
    }

    public static PolicyDiffResult CompareDirectories(string oldDirectory, string newDirectory, DateOnly on) =>
        Compare(PolicyLoader.Load(oldDirectory, on), PolicyLoader.Load(newDirectory, on), on);

    private static PolicyDiffResult Compare(PolicyLoadResult old, PolicyLoadResult @new, DateOnly on)
    {
        var diagnostics = old.Errors.Concat(@new.Errors).Distinct().ToList();
        if (old.Snapshot is null || @new.Snapshot is null)
        {
            return new PolicyDiffResult(diagnostics, [], 0);
        }

        return Compare(old.Snapshot, @new.Snapshot, on);
    }

    public static PolicyDiffResult Compare(PolicySnapshot old, PolicySnapshot @new, DateOnly on)
    {
        var changes = new List<DecisionChange>();
        var compared = Walk(old, @new, on, c => changes.Add(new DecisionChange(
            c.Requester.Label, c.Team is null ? c.Role ?? "" : $"{c.Role} of team {c.Team}", c.Purpose ?? "", Words.Actions.WordFor(c.Action),
            Describe(c.Item.Kind, c.Originator.Label, c.Item), Describe(c.Was), Describe(c.Now))));
        return new PolicyDiffResult([], changes, compared);
    }

    /// <summary>
    /// The comparison itself, for <see cref="Compare(PolicySnapshot, PolicySnapshot, DateOnly)"/> and the hub's
    /// impact assessment alike: every requester, originator, action, kind, purpose, role and item shape that a rule of
    /// either set may concern is decided under both; <paramref name="changed"/> hears of each difference. Returns how
    /// many decisions were compared.
    /// </summary>
    internal static long Walk(PolicySnapshot old, PolicySnapshot @new, DateOnly on, Action<ChangedCase> changed)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(@new);
        var space = new Space(old, @new);
        long compared = 0;
        foreach (var requester in space.Agencies)
        {
            foreach (var originator in space.Agencies)
            {
                // Within one class of alike agencies, one member stands for the originators and another for the requesters.
                var originatorId = ReferenceEquals(originator, requester) ? requester.Other : originator.Id;
                if (originatorId is null)
                {
                    continue;
                }

                foreach (var kind in Kinds)
                {
                    foreach (var (action, role, team, purpose) in space.Cases(requester.Id, originatorId, kind))
                    {
                        foreach (var item in space.Items(kind, requester.Id))
                        {
                            compared++;
                            var was = Decide(old, requester.Id, originatorId, role, team, purpose, action, item, on);
                            var now = Decide(@new, requester.Id, originatorId, role, team, purpose, action, item, on);
                            // A team's case is listed only where it differs from the same user without a team: a change
                            // that reaches every user of the agency is one change, not one per team.
                            if (!Same(was, now) && (team is null
                                || !Same(was, Decide(old, requester.Id, originatorId, role, null, purpose, action, item, on))
                                || !Same(now, Decide(@new, requester.Id, originatorId, role, null, purpose, action, item, on))))
                            {
                                changed(new ChangedCase(requester, originator, role, team, purpose, action, item, was, now));
                            }
                        }
                    }
                }
            }
        }

        return compared;
    }

    private static readonly ItemKind[] Kinds = [ItemKind.Information, ItemKind.Intelligence, ItemKind.Product];

    /// <summary>
    /// One decision that differs: the requester and originator classes (members of one class are decided alike), the
    /// role, team (null: no team) and purpose (null for routing, which no user does), the action, the item shape, and both decisions.
    /// </summary>
    internal readonly record struct ChangedCase(
        AgencyClass Requester, AgencyClass Originator, string? Role, string? Team, string? Purpose, SharingAction Action, ItemShape Item, Decision Was, Decision Now);

    /// <summary>The item facts besides kind and originator; the area is given by name.</summary>
    internal readonly record struct ItemShape(
        ItemKind Kind, ClassificationLevel Classification, HandlingCode Handling, OriginatorConditions Conditions, LegacyHandling Legacy,
        ExploitationType Exploitation, AgeGroup Victims, string Area, PersonalDataCategories PersonalData, bool Sanitised);

    /// <summary>Decides the shape through the same item decision as the hub, written as a request file would write it.</summary>
    private static Decision Decide(PolicySnapshot snapshot, string requester, string originator, string? role, string? team, string? purpose, SharingAction action, ItemShape item, DateOnly on)
    {
        var description = new ItemDescription
        {
            Kind = item.Kind,
            Originator = originator,
            Classification = item.Classification,
            Grading = item.Handling == 0 ? null : "1A" + item.Handling,
            LegacyGrading = item.Legacy == 0 ? null : "A1" + Words.LegacyHandlings.WordFor(item.Legacy),
            HandlingConditions = [.. Flags(item.Conditions).Select(Words.HandlingConditions.WordFor)],
            Themes = item.Exploitation == 0 && item.Victims == 0 ? [] : [new ItemTheme(item.Exploitation, item.Victims)],
            Areas = [item.Area],
            PersonalData = [.. Flags(item.PersonalData).Select(Words.PersonalData.WordFor)],
            HasSanitisedText = item.Sanitised,
        };
        // A team one version registers and the other does not is an unknown name there, and so a change.
        return snapshot.Decide(new ItemRequest(requester, role, purpose, action, description, on) { Team = team });
    }

    private static IEnumerable<T> Flags<T>(T value)
        where T : struct, Enum =>
        Enum.GetValues<T>().Where(f => Convert.ToInt32(f, CultureInfo.InvariantCulture) != 0 && value.HasFlag(f));

    /// <summary>Whether two decisions are the same for the requester: effect, view, obligations, reason and deciding rule (any version).</summary>
    internal static bool Same(Decision a, Decision b) =>
        a.Effect == b.Effect && a.View == b.View && a.Obligations == b.Obligations && a.Reason == b.Reason
        && a.Rule?.Protocol.Id == b.Rule?.Protocol.Id && a.Rule?.Id == b.Rule?.Id;

    private static string Describe(Decision d)
    {
        var by = d.Rule is { } rule ? $" by {rule.Protocol.Id} v{rule.Protocol.Version} rule {rule.Id}" : string.Empty;
        return d.IsPermit
            ? $"permit {Words.Views.WordFor(d.View)}{(d.Obligations == Obligations.None ? string.Empty : " [" + string.Join(", ", DecisionJson.ObligationWords(d.Obligations)) + "]")}{by}"
            : $"deny ({Words.Reasons.WordFor(d.Reason)}){by}";
    }

    private static string Describe(ItemKind kind, string originator, ItemShape item)
    {
        var parts = new List<string>
        {
            Words.ItemKinds.WordFor(kind),
            $"from {originator}",
            Words.Classifications.WordFor(item.Classification),
        };
        if (item.Handling != 0)
        {
            parts.Add($"handling {item.Handling}{(item.Conditions == OriginatorConditions.None ? string.Empty : " (" + string.Join(", ", Flags(item.Conditions).Select(Words.HandlingConditions.WordFor)) + ")")}");
        }

        if (item.Legacy != 0)
        {
            parts.Add($"legacy handling {(int)item.Legacy}");
        }

        parts.Add(item.Exploitation == 0 ? "no theme" : $"{Words.Exploitation.WordFor(item.Exploitation)}/{(item.Victims == 0 ? "unknown" : Words.AgeGroups.WordFor(item.Victims))}");
        parts.Add($"area {item.Area}");
        if (item.PersonalData != 0)
        {
            parts.Add(Words.PersonalData.WordFor(item.PersonalData));
        }

        parts.Add(item.Sanitised ? "with sanitised text" : "no sanitised text");
        return string.Join(", ", parts);
    }

    /// <summary>
    /// Agencies every rule of both sets treats alike: <see cref="Id"/> stands for them all, and <see cref="Other"/>
    /// (null when the class has one member) for the originator when the requester is of the same class.
    /// </summary>
    internal sealed record AgencyClass(string Id, string Label, IReadOnlyList<string> Members)
    {
        public string? Other => Members.Count > 1 ? Members[1] : null;
    }

    /// <summary>The dimensions to enumerate, reduced to the values that can make a difference.</summary>
    internal sealed class Space
    {
        private readonly PolicySnapshot[] _snapshots;
        private readonly List<string> _namedAreas;
        private readonly List<ExploitationType> _exploitation;

        public Space(PolicySnapshot old, PolicySnapshot @new)
        {
            _snapshots = [old, @new];
            _namedAreas = [.. _snapshots.SelectMany(s => s.Rules.Where(r => r.Areas is not null).SelectMany(r => r.Areas!.Members().Select(i => s.AreaIds[i]))).Distinct(StringComparer.Ordinal)];
            var ids = old.AgencyIds.Union(@new.AgencyIds, StringComparer.Ordinal).ToList();
            Agencies = [.. ids
                .GroupBy(Signature, StringComparer.Ordinal)
                .Select(g => new AgencyClass(g.First(), g.Count() == 1 ? g.First() : string.Create(CultureInfo.InvariantCulture, $"{g.First()} (and {g.Count() - 1} like it)"), [.. g]))];
            Purposes = [.. old.PurposeIds.Union(@new.PurposeIds, StringComparer.Ordinal)];
            var roles = old.RoleIds.Union(@new.RoleIds, StringComparer.Ordinal).ToList();
            var mentioned = roles.Where(r => _snapshots.Any(s => s.Rules.Any(rule => rule.Roles is not null && rule.Roles.Contains(s.Role(r).Index)))).ToList();
            _unmentionedRoles = [.. roles.Except(mentioned)];
            Roles = [.. mentioned, .. _unmentionedRoles.Take(1)];
            var exploitation = _snapshots.SelectMany(s => s.Rules).Select(r => r.Exploitation).Aggregate(0, (m, x) => m | (x == 0b111111 ? 0 : x));
            _exploitation = [0, .. Enum.GetValues<ExploitationType>().Where(e => (exploitation & (1 << (int)e)) != 0), .. Enum.GetValues<ExploitationType>().Where(e => (exploitation & (1 << (int)e)) == 0).Take(1)];
        }

        public List<AgencyClass> Agencies { get; }

        public List<string> Purposes { get; }

        /// <summary>The roles some rule names, and one role no rule names, standing for every such role.</summary>
        public List<string> Roles { get; }

        private readonly List<string> _unmentionedRoles;

        /// <summary>The roles <paramref name="role"/> stands for: itself, or every role no rule names when it is their stand-in.</summary>
        public IReadOnlyList<string> RolesLike(string role) =>
            _unmentionedRoles.Count > 0 && role == _unmentionedRoles[0] ? _unmentionedRoles : [role];

        /// <summary>
        /// The actions, roles and purposes a rule of either set may decide for this requester, originator and kind.
        /// Routing (receive) is decided once, with no role or purpose, as the hub routes; every other action per
        /// role and purpose.
        /// </summary>
        public IEnumerable<(SharingAction Action, string? Role, string? Team, string? Purpose)> Cases(string requester, string originator, ItemKind kind)
        {
            foreach (var action in Enum.GetValues<SharingAction>())
            {
                if (action == SharingAction.Receive)
                {
                    // Routing reaches the agency whatever its users' teams: a rule limited to a team still routes.
                    if (Purposes.Any(p => Roles.Any(r => TeamsOf(requester).Any(t => MayApply(requester, originator, action, kind, p, r, t)))))
                    {
                        yield return (action, null, null, null);
                    }

                    continue;
                }

                foreach (var purpose in Purposes)
                {
                    foreach (var role in Roles)
                    {
                        foreach (var team in TeamsOf(requester).Where(t => MayApply(requester, originator, action, kind, purpose, role, t)))
                        {
                            yield return (action, role, team, purpose);
                        }
                    }
                }
            }
        }

        /// <summary>No team, and each team of the agency that some rule of either version names.</summary>
        public IEnumerable<string?> TeamsOf(string agency) =>
            [null, .. _snapshots.SelectMany(s => s.TeamsOf(agency).Where(t => s.Rules.Any(r => r.Teams is not null && r.Teams.Contains(s.Team(s.Agency(agency), t).Index)))).Distinct(StringComparer.Ordinal)];

        /// <summary>Agencies alike in kind, law-enforcement status and membership of every rule's 'from' and 'to'.</summary>
        private string Signature(string id)
        {
            var parts = new List<string>();
            foreach (var s in _snapshots)
            {
                var a = s.Agency(id);
                parts.Add(a.IsKnown ? $"{s.AgencyKinds[a.Index]}:{s.IsLawEnforcement(a)}:" : "absent:");
                parts.Add(new string([.. s.Rules.Select(r => (char)('0' + (a.IsKnown && r.From.Contains(a.Index) ? 1 : 0) + (a.IsKnown && r.To.Contains(a.Index) ? 2 : 0)))]));
            }

            // Alike agencies must also serve the same areas among those rules name, or recipient-areas would tell them
            // apart, and have the same teams.
            foreach (var s in _snapshots.Where(s => s.Agency(id).IsKnown))
            {
                var own = s.AreasOf(s.Agency(id).Index);
                parts.Add(string.Join(',', _namedAreas.Where(area => own.Contains(s.Area(area).Index))));
                parts.Add(string.Join(',', s.TeamsOf(id)));
            }

            return string.Join('|', parts);
        }

        private bool MayApply(string requester, string originator, SharingAction action, ItemKind kind, string purpose, string role, string? team) =>
            _snapshots.Any(s =>
            {
                var req = s.Agency(requester);
                var orig = s.Agency(originator);
                var p = s.Purpose(purpose);
                var r = s.Role(role);
                var t = team is null ? TeamRef.None : s.Team(req, team);
                return req.IsKnown && orig.IsKnown && s.Rules.Any(rule =>
                    rule.To.Contains(req.Index) && rule.From.Contains(orig.Index)
                    && (rule.Actions & (1 << (int)action)) != 0 && (rule.Kinds & (1 << (int)kind)) != 0
                    && rule.Purposes.Contains(p.Index) && (rule.Roles is null || rule.Roles.Contains(r.Index))
                    && (rule.Teams is null || rule.Teams.Contains(t.Index)));
            });

        public IEnumerable<ItemShape> Items(ItemKind kind, string requester)
        {
            var handling = kind == ItemKind.Intelligence
                ? new (HandlingCode, OriginatorConditions, LegacyHandling)[]
                {
                    (HandlingCode.P, OriginatorConditions.None, 0),
                    (HandlingCode.C, OriginatorConditions.NoOnwardDissemination | OriginatorConditions.NotForEvidentialUse, 0),
                    (HandlingCode.C, OriginatorConditions.SanitisedOnly, 0),
                    (HandlingCode.C, OriginatorConditions.LawEnforcementOnly, 0),
                    (HandlingCode.P, OriginatorConditions.None, LegacyHandling.LawEnforcementAndProsecutors),
                    (HandlingCode.P, OriginatorConditions.None, LegacyHandling.NonEeaLawEnforcement),
                    (HandlingCode.P, OriginatorConditions.None, LegacyHandling.OriginatingAgencyOnly),
                    (HandlingCode.P, OriginatorConditions.None, LegacyHandling.ReferToOriginator),
                }
                : [(0, OriginatorConditions.None, 0)];
            foreach (var area in Areas(requester))
            {
                foreach (var classification in new[] { ClassificationLevel.Official, ClassificationLevel.OfficialSensitive })
                {
                    foreach (var (code, conditions, legacy) in handling)
                    {
                        foreach (var exploitation in _exploitation)
                        {
                            foreach (var victims in new[] { AgeGroup.Adult, AgeGroup.Minor })
                            {
                                foreach (var data in new[] { PersonalDataCategories.None, PersonalDataCategories.SpecialCategory, PersonalDataCategories.CriminalOffence, PersonalDataCategories.Children })
                                {
                                    foreach (var sanitised in new[] { true, false })
                                    {
                                        yield return new ItemShape(kind, classification, code, conditions, legacy, exploitation, victims, area, data, sanitised);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        /// <summary>One area the requester serves, one it does not, and every area a rule names.</summary>
        private IEnumerable<string> Areas(string requester)
        {
            var s = _snapshots[1].Agency(requester).IsKnown ? _snapshots[1] : _snapshots[0];
            var a = s.Agency(requester);
            var own = s.AreasOf(a.Index);
            var inside = own.Members().Select(i => s.AreaIds[i]).FirstOrDefault();
            var outside = s.AreaIds.FirstOrDefault(x => !own.Contains(s.Area(x).Index));
            return new[] { inside, outside }.OfType<string>().Concat(_namedAreas).Distinct(StringComparer.Ordinal);
        }
    }
}
