using IntelHub.Identity;
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
        output.WriteLine("IntelHub is running.");
        foreach (var address in addresses) output.WriteLine($"  listening on {address}");
        if (app.Services.GetService<DevelopmentPki>() is { } pki)
        {
            output.WriteLine($"  development CA and certificates: {Path.GetFullPath(Path.Combine(options.DataDirectory, "pki"))}");
            output.WriteLine($"  (CA: {pki.Authority.Subject}; clients need a certificate it issued that names their agency)");
        }
        else
        {
            output.WriteLine("  WARNING: plaintext HTTP/2 for local development: no agency is authenticated by certificate.");
        }
        output.WriteLine("Press Ctrl+C to stop.");
    }
}
