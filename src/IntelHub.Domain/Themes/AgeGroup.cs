namespace IntelHub.Domain.Themes;

/// <summary>Whether the victim was an adult or a minor (under 18): NRM referral and safeguarding differ.</summary>
public enum AgeGroup
{
    Adult = 1,
    Minor = 2,
}
