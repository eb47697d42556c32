using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace IntelHub.Server.Telemetry;

/// <summary>
/// OpenTelemetry traces, metrics and logs. Exported by OTLP only when an endpoint is configured
/// (the standard OTEL_EXPORTER_OTLP_ENDPOINT variable, or Hub:Telemetry:OtlpEndpoint); otherwise
/// the hub runs with instruments but no exporter.
/// </summary>
internal static class TelemetrySetup
{
    public static void AddHubTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HubMetrics>();
        var endpoint = builder.Configuration["Hub:Telemetry:OtlpEndpoint"]
                       ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var export = !string.IsNullOrWhiteSpace(endpoint);
        var exportTo = export ? new Uri(endpoint!) : null;

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("intelhub-hub"))
            .WithTracing(tracing =>
            {
                // Monitors poll the health service many times a second: a trace of each call would be noise, and recording it a cost on every poll.
                tracing.AddSource(HubMetrics.Name).AddAspNetCoreInstrumentation(aspNetCore =>
                    aspNetCore.Filter = context => !context.Request.Path.StartsWithSegments(Hosting.HealthEndpoint.ServicePath, StringComparison.Ordinal));
                if (export) tracing.AddOtlpExporter(o => o.Endpoint = exportTo!);
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(HubMetrics.Name).AddAspNetCoreInstrumentation();
                if (export) metrics.AddOtlpExporter(o => o.Endpoint = exportTo!);
            });
        if (export)
        {
            telemetry.WithLogging(logging => logging.AddOtlpExporter(o => o.Endpoint = exportTo!),
                options => options.IncludeFormattedMessage = true);
        }
    }
}
