using static DropShip.Core.Common.SettingsValidation;

namespace DropShip.Core.Distributors.Budgets;

/// <summary>
/// A distributor's quotas per credential beyond its per-second rate (named options, name = distributor key), bound from
/// the distributor's section, e.g. Distributors:Wps:PerHour. Unset: no such quota (none of the four publishes one; Turn 14
/// allows 5,000 an hour and 30,000 a day).
/// </summary>
public sealed class DistributorQuotaOptions
{
    public int? PerHour { get; set; }

    public int? PerDay { get; set; }

    public static IEnumerable<string?> Problems(DistributorQuotaOptions options, string section)
    {
        if (options.PerHour is < 1) yield return $"{Setting(section, nameof(PerHour))} must be 1 or more (leave it unset for no hourly quota); it is {options.PerHour}.";
        if (options.PerDay is < 1) yield return $"{Setting(section, nameof(PerDay))} must be 1 or more (leave it unset for no daily quota); it is {options.PerDay}.";
        if (options is { PerHour: { } hour, PerDay: { } day } && day < hour)
            yield return $"{Setting(section, nameof(PerDay))} ({day}) is below {Setting(section, nameof(PerHour))} ({hour}).";
    }
}

/// <summary>Section "Budgets": where every instance counts the calls it sends per credential.</summary>
public sealed class CallBudgetOptions
{
    public const string Section = "Budgets";

    /// <summary>The table of budget rows (one per credential and distributor), shared by every instance of the app.</summary>
    public string Table { get; set; } = "DistributorBudgets";

    public static IEnumerable<string?> Problems(CallBudgetOptions options, string section)
    {
        yield return TableNameProblem(options.Table, Setting(section, nameof(Table)));
    }
}
