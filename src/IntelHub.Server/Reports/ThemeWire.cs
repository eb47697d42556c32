using IntelHub.Contracts.V1;
using IntelHub.Domain.Themes;
using ContractExploitation = IntelHub.Contracts.V1.ExploitationType;
using DomainExploitation = IntelHub.Domain.Themes.ExploitationType;

namespace IntelHub.Server.Reports;

/// <summary>Themes between the wire and the domain.</summary>
internal static class ThemeWire
{
    public static DomainExploitation? Exploitation(ContractExploitation value) => value switch
    {
        ContractExploitation.Sexual => DomainExploitation.Sexual,
        ContractExploitation.Labour => DomainExploitation.Labour,
        ContractExploitation.DomesticServitude => DomainExploitation.DomesticServitude,
        ContractExploitation.Criminal => DomainExploitation.Criminal,
        ContractExploitation.OrganHarvesting => DomainExploitation.OrganHarvesting,
        _ => null,
    };

    public static AgeGroup? Age(VictimAgeGroup value) => value switch
    {
        VictimAgeGroup.Adult => AgeGroup.Adult,
        VictimAgeGroup.Minor => AgeGroup.Minor,
        _ => null,
    };

    public static Contracts.V1.Theme ToWire(Domain.Themes.Theme theme) => new()
    {
        ExploitationType = theme.Exploitation switch
        {
            DomainExploitation.Sexual => ContractExploitation.Sexual,
            DomainExploitation.Labour => ContractExploitation.Labour,
            DomainExploitation.DomesticServitude => ContractExploitation.DomesticServitude,
            DomainExploitation.Criminal => ContractExploitation.Criminal,
            _ => ContractExploitation.OrganHarvesting,
        },
        VictimAgeGroup = theme.AgeGroup == AgeGroup.Adult ? VictimAgeGroup.Adult : VictimAgeGroup.Minor,
    };
}
