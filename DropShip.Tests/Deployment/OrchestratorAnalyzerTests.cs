using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using DropShip.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.DurableTask;

namespace DropShip.Tests.Deployment;

/// <summary>
/// The build of DropShip.Functions fails on a non-deterministic call in an orchestrator. An orchestrator that reads the
/// wall clock is compiled here as DropShip.Functions would compile it: with the analyzers MSBuild resolves for that project
/// (so a removed Microsoft.DurableTask.Analyzers reference, or another version than the pinned one, fails this test), under the repository's .editorconfig and the
/// project's TreatWarningsAsErrors, NoWarn and WarningsNotAsErrors (so a lowered or silenced DURABLE0001 fails it too).
/// </summary>
public sealed class OrchestratorAnalyzerTests
{
    private const string FunctionsProject = "DropShip.Functions";

    /// <summary>A file in DropShip.Functions, so the .editorconfig sections that apply to the project's files apply to it.</summary>
    private static readonly string SnippetPath = Repository.File(FunctionsProject, "Tracking", "NonDeterministicOrchestrator.cs");

    private const string Orchestrator = """
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.DurableTask;

        namespace DropShip.Functions.Tracking;

        public static class NonDeterministicOrchestrator
        {
            [Function(nameof(NonDeterministicOrchestrator))]
            public static async Task<string> Run([OrchestrationTrigger] TaskOrchestrationContext context)
            {
                await context.CreateTimer(TimeSpan.FromMinutes(1), CancellationToken.None);
                return NOW.ToString("O");
            }
        }
        """;

    [Fact]
    public async Task Reading_the_wall_clock_in_an_orchestrator_is_a_build_error_DURABLE0001()
    {
        var build = await FunctionsBuild.ReadAsync();

        var diagnostics = await CompileAsync(build, Orchestrator.Replace("NOW", "DateTime.UtcNow", StringComparison.Ordinal));

        var wallClock = Assert.Single(diagnostics, d => d.Id == "DURABLE0001");
        Assert.Equal(DiagnosticSeverity.Error, wallClock.Severity);
        Assert.Contains("DateTime.UtcNow", wallClock.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_orchestrations_own_clock_passes()
    {
        var build = await FunctionsBuild.ReadAsync();

        var diagnostics = await CompileAsync(build, Orchestrator.Replace("NOW", "context.CurrentUtcDateTime", StringComparison.Ordinal));

        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("DURABLE", StringComparison.Ordinal) && d.Severity >= DiagnosticSeverity.Warning);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    private static async Task<ImmutableArray<Diagnostic>> CompileAsync(FunctionsBuild build, string source)
    {
        var durable = build.Analyzers.Where(a => Path.GetFileName(a) == "Microsoft.DurableTask.Analyzers.dll").ToList();
        Assert.True(durable.Count == 1, $"{FunctionsProject} builds without the Durable Task analyzers: {string.Join(", ", build.Analyzers.Select(Path.GetFileName))}");
        // The version pinned for it, not an older one another package brings along (the Durable extension brings 0.2.0).
        var pinned = XDocument.Load(Repository.File("Directory.Packages.props")).Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == "Microsoft.DurableTask.Analyzers").Attribute("Version")!.Value;
        Assert.Contains($"/microsoft.durabletask.analyzers/{pinned}/", durable[0].Replace('\\', '/'), StringComparison.OrdinalIgnoreCase);
        var analyzers = new AnalyzerFileReference(durable[0], new AnalyzerLoader()).GetAnalyzers(LanguageNames.CSharp);
        Assert.NotEmpty(analyzers);

        var editorConfig = Repository.File(".editorconfig");
        var severities = AnalyzerConfigSet.Create(ImmutableArray.Create(AnalyzerConfig.Parse(await File.ReadAllTextAsync(editorConfig), editorConfig)))
            .GetOptionsForSourcePath(SnippetPath).TreeOptions;
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
            .WithGeneralDiagnosticOption(build.TreatWarningsAsErrors ? ReportDiagnostic.Error : ReportDiagnostic.Default)
            .WithSpecificDiagnosticOptions(severities
                .SetItems(build.WarningsNotAsErrors.Select(id => KeyValuePair.Create(id, ReportDiagnostic.Warn)))
                .SetItems(build.NoWarn.Select(id => KeyValuePair.Create(id, ReportDiagnostic.Suppress))));
        var tree = CSharpSyntaxTree.ParseText(
            "global using System;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n" + source,
            new CSharpParseOptions(LanguageVersion.Latest), SnippetPath);
        var compilation = CSharpCompilation.Create("DropShip.Functions.AnalyzerCheck", [tree], References(), options);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)); // the snippet itself compiles

        return await compilation.WithAnalyzers(analyzers).GetAllDiagnosticsAsync();
    }

    /// <summary>The running framework and the Functions and Durable Task assemblies the app references.</summary>
    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat([typeof(TaskOrchestrationContext).Assembly.Location, typeof(OrchestrationTriggerAttribute).Assembly.Location, typeof(FunctionAttribute).Assembly.Location])
            .Distinct()
            .Select(path => MetadataReference.CreateFromFile(path));

    private sealed class AnalyzerLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath) { }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }

    /// <summary>What MSBuild says DropShip.Functions compiles with: its analyzers and how warnings become errors.</summary>
    private sealed record FunctionsBuild(IReadOnlyList<string> Analyzers, bool TreatWarningsAsErrors, IReadOnlyList<string> NoWarn, IReadOnlyList<string> WarningsNotAsErrors)
    {
        private static readonly Lazy<Task<FunctionsBuild>> Evaluated = new(EvaluateAsync);

        public static Task<FunctionsBuild> ReadAsync() => Evaluated.Value;

        /// <summary>
        /// `dotnet msbuild -getItem/-getProperty` on the project after ResolveLockFileAnalyzers (the analyzers of its restored
        /// packages): a second or two, offline, on the restore the test run has already made.
        /// </summary>
        private static async Task<FunctionsBuild> EvaluateAsync()
        {
            var start = new ProcessStartInfo("dotnet",
            [
                "msbuild", Repository.File(FunctionsProject, FunctionsProject + ".csproj"), "-nologo", "-t:ResolveLockFileAnalyzers",
                "-getItem:Analyzer", "-getProperty:TreatWarningsAsErrors", "-getProperty:NoWarn", "-getProperty:WarningsNotAsErrors",
            ])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Repository.Root,
            };
            start.Environment["MSBUILDNOINPROCNODE"] = "1";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(process.ExitCode == 0, $"dotnet msbuild failed: {await output}{await errors}");

            using var json = JsonDocument.Parse(await output);
            var properties = json.RootElement.GetProperty("Properties");
            return new FunctionsBuild(
                [.. json.RootElement.GetProperty("Items").GetProperty("Analyzer").EnumerateArray().Select(a => a.GetProperty("FullPath").GetString()!)],
                string.Equals(properties.GetProperty("TreatWarningsAsErrors").GetString(), "true", StringComparison.OrdinalIgnoreCase),
                Codes(properties.GetProperty("NoWarn").GetString()),
                Codes(properties.GetProperty("WarningsNotAsErrors").GetString()));
        }

        private static IReadOnlyList<string> Codes(string? list) =>
            [.. (list ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }
}
