using System.Diagnostics;
using System.Text.RegularExpressions;

namespace IntelHub.Cli.Tests;

/// <summary>
/// <c>intelhub profile compile | render</c> against the real hub, and the HTML report rendered by headless Chromium
/// (Debian's chromium package; tests/run.sh installs it). Without Chromium these tests fail: they never skip.
/// </summary>
public sealed partial class ProfileReportTests(RunningHub hub) : IClassFixture<RunningHub>
{
    [GeneratedRegex(@"Compiled problem profile (\S+) from (\d+) item")]
    private static partial Regex Compiled();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly string[] HeadlessFlags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"];

    private async Task<string> CompileAsync()
    {
        for (var i = 0; i < 3; i++) await hub.SubmitInformationAsync();
        var compiled = await Cli.SucceedsAsync(hub.As("wales-riu", "riu-analyst", "profile", "compile",
            "--title", "Test profile", "--from", "2020-01-01", "--to", "2029-12-01", "--purpose", "disrupt-trafficking",
            "--justification", "Report rendering test", "--recommendation", "Review the car wash"));
        var match = Compiled().Match(compiled.Output);
        Assert.True(match.Success, compiled.ToString());
        Assert.True(int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) >= 3, compiled.Output);
        return match.Groups[1].Value;
    }

    [Fact]
    public async Task The_HTML_report_renders_in_headless_Chromium_with_its_charts()
    {
        // Given a compiled profile rendered as HTML
        var id = await CompileAsync();
        var html = Path.Combine(hub.DataDirectory, "profile.html");
        await Cli.SucceedsAsync(hub.As("wales-riu", "riu-analyst", "profile", "render", id, "--format", "html", "--release", "full", "--out", html,
            "--purpose", "disrupt-trafficking", "--justification", "Report rendering test"));
        var page = await File.ReadAllTextAsync(html, Token);
        Assert.DoesNotContain("http://", page.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", page, StringComparison.Ordinal);

        // When Chromium loads it, and takes a screenshot
        var dom = await ChromiumAsync("--dump-dom", new Uri(html).AbsoluteUri);
        var png = Path.Combine(hub.DataDirectory, "profile.png");
        await ChromiumAsync($"--screenshot={png}", "--window-size=1000,1400", new Uri(html).AbsoluteUri);

        // Then the rendered page has the bar charts, and the screenshot is a real picture
        Assert.True(Regex.Count(dom, "<svg class=\"chart\"") >= 5, dom.Length > 2000 ? dom[..2000] : dom);
        Assert.Contains("<rect class=\"current\"", dom, StringComparison.Ordinal);
        Assert.Contains("Review the car wash", dom, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(png, Token);
        Assert.True(bytes.Length > 20_000, $"the screenshot is only {bytes.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }

    [Fact]
    public async Task A_partner_renders_the_partner_release_as_Markdown_and_may_not_have_the_full_one()
    {
        var id = await CompileAsync();
        var markdown = Path.Combine(hub.DataDirectory, "partner.md");

        await Cli.SucceedsAsync(hub.As("cardiff-council", "partner-practitioner", "profile", "render", id, "--format", "markdown", "--release", "partner",
            "--out", markdown, "--purpose", "safeguarding-victims", "--justification", "Partner briefing"));
        var refused = await Cli.RunAsync(hub.As("cardiff-council", "partner-practitioner", "profile", "render", id, "--format", "markdown", "--release", "full",
            "--out", markdown + ".full", "--purpose", "safeguarding-victims", "--justification", "Partner briefing"));

        var text = await File.ReadAllTextAsync(markdown, Token);
        Assert.Contains("PARTNER RELEASE", text, StringComparison.Ordinal);
        Assert.Contains("## Items by month", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Review the car wash", text, StringComparison.Ordinal);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.False(File.Exists(markdown + ".full"));
    }

    /// <summary>Runs Debian's headless Chromium; a machine without it fails the test with what to install.</summary>
    private static async Task<string> ChromiumAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("chromium") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in HeadlessFlags.Concat(arguments)) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            Assert.Fail($"Chromium is not installed ({missing.Message}): run tests/run.sh, or apt-get install chromium.");
            throw;
        }
        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(120));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {await error}");
            return await output;
        }
    }
}
