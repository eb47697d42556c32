using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using IntelHub.Cli.Client;
using IntelHub.Contracts.V1;

namespace IntelHub.Cli.Profiles;

/// <summary><c>intelhub profile compile | render</c>: problem profiles through the hub's ProblemProfileService.</summary>
internal static class ProfileCommand
{
    public static Command Create() => new("profile", "Compile a problem profile, or render one as HTML or Markdown.") { Compile(), Render() };

    private static Command Compile()
    {
        var title = new Option<string>("--title") { Description = "The profile's title (shown in the partner release too: name no one).", Required = true };
        var from = new Option<string>("--from") { Description = "First day of the period, e.g. 2025-01-01.", Required = true };
        var to = new Option<string>("--to") { Description = "Day after the period ends, e.g. 2026-01-01.", Required = true };
        var area = new Option<string[]>("--area") { Description = "An area's GSS code; repeat for several; none means all of Wales." };
        var theme = new Option<string[]>("--theme") { Description = "A theme as exploitation/age, e.g. labour/adult; none means every theme." };
        var threshold = new Option<uint>("--threshold") { Description = "Partner release: counts from 1 to this are withheld (3 or more; default 5)." };
        var gap = new Option<string[]>("--gap") { Description = "An intelligence gap, in the analyst's words; repeat for several." };
        var recommendation = new Option<string[]>("--recommendation") { Description = "A recommendation; repeat for several." };
        var key = new Option<string?>("--key") { Description = "Idempotency key; repeat it to retry the same compilation (default: a new one)." };
        var asJson = new Option<bool>("--json") { Description = "Print the full profile as JSON." };
        var command = new Command("compile", "Compile a problem profile from every item your agency may compile.")
        {
            title, from, to, area, theme, threshold, gap, recommendation, key, ReportCommands.Purpose, ReportCommands.Justification, ReportCommands.CaseReference, asJson,
        };
        command.SetAction(async (result, cancellation) => await CliRun.Guarded(result, async output =>
        {
            var request = new CompileProblemProfileRequest
            {
                IdempotencyKey = result.GetValue(key) ?? Guid.NewGuid().ToString(),
                Title = result.GetValue(title)!,
                Period = new Google.Type.Interval { StartTime = Day(result.GetValue(from)!, "--from"), EndTime = Day(result.GetValue(to)!, "--to") },
                Purpose = ReportCommands.PurposeOf(result),
                SuppressionThreshold = result.GetValue(threshold),
            };
            request.AreaGssCodes.AddRange(result.GetValue(area) ?? []);
            request.Themes.AddRange((result.GetValue(theme) ?? []).Select(ThemeOf));
            request.IntelligenceGaps.AddRange(result.GetValue(gap) ?? []);
            request.Recommendations.AddRange(result.GetValue(recommendation) ?? []);

            using var channel = HubConnection.Open(result);
            var call = new ProblemProfileService.ProblemProfileServiceClient(channel).CompileProblemProfileAsync(request, cancellationToken: cancellation);
            var profile = (await WithProgress(call.ResponseAsync, result.InvocationConfiguration.Error, cancellation)).Profile;
            if (result.GetValue(asJson)) { output.WriteLine(JsonFormatter.Default.Format(profile)); return; }
            output.WriteLine($"Compiled problem profile {profile.ProfileId} from {profile.ItemsCompiled.Count} item(s) (previous period: {profile.ItemsPreviousPeriod.Count}); audit leaf {profile.AuditLeafIndex}.");
            output.WriteLine($"  {profile.Links.Count} link(s) across agencies, {profile.AutomaticGaps.Count} gap(s) found.");
            output.WriteLine($"  Render it: intelhub profile render {profile.ProfileId} --format html --release full --out profile.html (with your --agency, --role, --purpose and --justification)");
        }));
        return command;
    }

    private static Command Render()
    {
        var id = new Argument<string>("profile") { Description = "The profile's id." };
        var format = new Option<string>("--format") { Description = "html or markdown.", DefaultValueFactory = _ => "html" };
        var release = new Option<string>("--release") { Description = "full or partner.", DefaultValueFactory = _ => "full" };
        var output = new Option<FileInfo>("--out") { Description = "The file to write.", Required = true };
        var command = new Command("render", "Render a problem profile as a self-contained HTML page or Markdown.")
        {
            id, format, release, output, ReportCommands.Purpose, ReportCommands.Justification, ReportCommands.CaseReference,
        };
        command.SetAction(async (result, cancellation) => await CliRun.Guarded(result, async writer =>
        {
            var wanted = result.GetValue(release) switch
            {
                "full" => ProfileRelease.Full,
                "partner" => ProfileRelease.Partner,
                var other => throw new CliProblem($"'{other}' is not a release: use full or partner."),
            };
            Func<ProblemProfile, string> render = result.GetValue(format) switch
            {
                "html" => HtmlProfileReport.Render,
                "markdown" or "md" => MarkdownProfileReport.Render,
                var other => throw new CliProblem($"'{other}' is not a format: use html or markdown."),
            };
            using var channel = HubConnection.Open(result);
            var profile = (await new ProblemProfileService.ProblemProfileServiceClient(channel).GetProblemProfileAsync(new GetProblemProfileRequest
            {
                ProfileId = result.GetValue(id)!, Release = wanted, Purpose = ReportCommands.PurposeOf(result),
            }, cancellationToken: cancellation)).Profile;
            var file = result.GetValue(output)!;
            await File.WriteAllTextAsync(file.FullName, render(profile), cancellation);
            writer.WriteLine($"Wrote the {result.GetValue(release)} release of {profile.ProfileId} to {file.FullName}; audit leaf {profile.AuditLeafIndex}.");
        }));
        return command;
    }

    /// <summary>Waits for the compile, telling the user every second that it is still running.</summary>
    private static async Task<T> WithProgress<T>(Task<T> call, TextWriter progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        while (await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(1), cancellation)) != call)
            await progress.WriteLineAsync($"compiling ... {clock.Elapsed.TotalSeconds:F0} s");
        return await call;
    }

    private static Timestamp Day(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? Timestamp.FromDateTimeOffset(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))
            : throw new CliProblem($"{option} '{text}' is not a day: write it as yyyy-MM-dd, e.g. 2025-01-01.");

    private static Theme ThemeOf(string text)
    {
        var parts = text.Split('/');
        var exploitation = parts[0] switch
        {
            "sexual" => ExploitationType.Sexual,
            "labour" => ExploitationType.Labour,
            "domestic-servitude" => ExploitationType.DomesticServitude,
            "criminal" => ExploitationType.Criminal,
            "organ-harvesting" => ExploitationType.OrganHarvesting,
            _ => throw new CliProblem($"'{text}': the exploitation type is one of sexual, labour, domestic-servitude, criminal, organ-harvesting."),
        };
        var age = parts.Length == 2 ? parts[1] switch
        {
            "adult" => VictimAgeGroup.Adult,
            "minor" => VictimAgeGroup.Minor,
            _ => throw new CliProblem($"'{text}': the age group is adult or minor."),
        } : throw new CliProblem($"'{text}' is not a theme: write exploitation/age, e.g. labour/adult.");
        return new Theme { ExploitationType = exploitation, VictimAgeGroup = age };
    }
}
