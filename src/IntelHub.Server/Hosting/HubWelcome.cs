using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace IntelHub.Server.Hosting;

/// <summary>What the person who started the hub sees: where it listens and what to do next.</summary>
internal static class HubWelcome
{
    public static void Print(WebApplication app, TextWriter output)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var options = app.Services.GetRequiredService<HubOptions>();
        var data = Path.GetFullPath(options.DataDirectory);
        output.WriteLine("IntelHub is running.");
        foreach (var address in addresses) output.WriteLine($"  listening on {address}");
        output.WriteLine($"  data (store, audit key, development certificates): {data}");
        if (options.AllowPlaintextForLocalDevelopment)
            output.WriteLine("  WARNING: plaintext HTTP/2 for local development: no agency is authenticated by certificate.");
        var hub = addresses.FirstOrDefault()?.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) ?? "https://localhost:7443";
        var cli = $"dotnet run --project src/IntelHub.Cli -- --hub {hub} --data {data}";
        output.WriteLine();
        output.WriteLine("Next, in another terminal at the repository root:");
        output.WriteLine("  # a partner (Cardiff Council) lists what the protocols routed to it, each in the view it may see for its purpose");
        output.WriteLine($"  {cli} inbox --agency cardiff-council --role partner-practitioner --purpose safeguarding-victims --justification \"new referrals\"");
        output.WriteLine("  # and searches what it may see, for a declared purpose (its own reports first, oldest first)");
        output.WriteLine($"  {cli} search --agency cardiff-council --role partner-practitioner --purpose safeguarding-victims --justification \"NRM referral\"");
        output.WriteLine("  # South Wales Police follows its inbox (Ctrl+C to stop; --ack acknowledges what it received)");
        output.WriteLine($"  {cli} inbox --agency south-wales-police --role analyst --purpose disrupt-trafficking --justification \"daily review\" --follow");
        output.WriteLine("  # anyone checks the signed audit log");
        output.WriteLine($"  {cli} audit checkpoint --agency nca --role auditor");
        output.WriteLine("Press Ctrl+C to stop.");
    }
}
