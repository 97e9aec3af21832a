using static DropShip.Core.Common.SettingsValidation;

namespace DropShip.Core.Distributors.Answers;

/// <summary>Configuration section "AnswerProblems": where the latest answer problems are kept for operators, and how many.</summary>
public sealed class AnswerProblemsOptions
{
    public const string Section = "AnswerProblems";

    /// <summary>One table per deployment that shares a storage account (and per test run).</summary>
    public string Table { get; set; } = "AnswerProblems";

    /// <summary>Latest problems kept per distributor; older ones are deleted as new ones come.</summary>
    public int KeptPerDistributor { get; set; } = 20;

    /// <summary>
    /// At most one sample of the same problem (distributor, operation, what was expected) is stored per this time on an
    /// instance: a drifted answer meets every call, and the counter counts each, but the samples would all be alike.
    /// </summary>
    public TimeSpan SampleEvery { get; set; } = TimeSpan.FromMinutes(1);

    public static IEnumerable<string?> Problems(AnswerProblemsOptions options, string section)
    {
        yield return TableNameProblem(options.Table, Setting(section, nameof(Table)));
        if (options.KeptPerDistributor is < 1 or > 100) yield return $"{Setting(section, nameof(KeptPerDistributor))} must be a whole number from 1 to 100.";
        yield return NotNegativeProblem(options.SampleEvery, Setting(section, nameof(SampleEvery)));
    }
}
