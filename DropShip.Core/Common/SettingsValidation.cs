using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Common;

/// <summary>
/// The one way settings are registered: <c>AddOptions&lt;T&gt;().BindConfiguration(section).ValidateOnStart()</c> with the
/// options class's own check, so a missing or malformed setting stops the app at start with a message naming the setting
/// (the binder names the setting it could not convert; the check names the one that is missing or out of range).
/// </summary>
public static class SettingsValidation
{
    /// <param name="problems">Each problem as a sentence naming the setting (e.g. "Storage:ConnectionString ..."); none (or nulls) when valid.</param>
    /// <param name="name">For named options (one per distributor).</param>
    /// <param name="defaults">Defaults that depend on the name (a distributor's published hosts), applied before the configuration.</param>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, IConfiguration configuration, string section,
        Func<T, string, IEnumerable<string?>> problems, string? name = null, Action<T>? defaults = null) where T : class
    {
        // BindConfiguration reads the IConfiguration of the container; the Functions host registers it, a bare container may not.
        services.TryAddSingleton(configuration);
        services.AddSingleton<IValidateOptions<T>>(new Check<T>(name ?? Options.DefaultName, section, problems));
        var builder = services.AddOptions<T>(name ?? Options.DefaultName);
        if (defaults is not null) builder.Configure(defaults);
        return builder.BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>"{section}:{setting}", the name an operator sets (app settings write ':' as '__').</summary>
    public static string Setting(string section, string setting) => $"{section}:{setting}";

    /// <summary>An absolute http(s) URL, or the problem with <paramref name="setting"/>.</summary>
    public static string? HttpUrlProblem(Uri? value, string setting, bool required)
    {
        if (value is null) return required ? $"{setting} is required." : null;
        return value.IsAbsoluteUri && value.Scheme is "http" or "https" ? null : $"{setting} must be an absolute http(s) URL.";
    }

    /// <summary>A Table storage table name, or the problem with <paramref name="setting"/>.</summary>
    public static string? TableNameProblem(string? value, string setting) =>
        Storage.TableNames.IsValid(value) ? null : $"{setting} must be a table name: 3-63 letters and digits, starting with a letter.";

    public static string? PositiveProblem(TimeSpan value, string setting) => value > TimeSpan.Zero ? null : $"{setting} must be a positive time span (e.g. 00:00:30).";

    public static string? NotNegativeProblem(TimeSpan value, string setting) => value >= TimeSpan.Zero ? null : $"{setting} must be a time span of zero or more (e.g. 00:00:00.5).";

    private sealed class Check<T>(string name, string section, Func<T, string, IEnumerable<string?>> problems) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? optionsName, T options)
        {
            if (optionsName != name) return ValidateOptionsResult.Skip;
            var found = problems(options, section).OfType<string>().ToList();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
