namespace IntelHub.Server.Hosting;

/// <summary>
/// The answer to a request that failed outside any gRPC handler: a plain 500 that says nothing about
/// the request. ASP.NET Core's developer exception page (switched on in Development) shows the
/// request's headers, bearer token included; this handler runs inside it and leaves it nothing to show.
/// </summary>
internal static partial class PlainFailureResponse
{
    public static async Task Guard(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception failure) when (!context.Response.HasStarted && failure is not OperationCanceledException)
        {
            Failed(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PlainFailureResponse)), failure, context.Request.Path);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("The hub could not handle this request; the failure is in its log. Retry later or tell the hub's operators.", context.RequestAborted);
        }
    }

    [LoggerMessage(EventId = 7103, Level = LogLevel.Error, Message = "A request to {Path} failed outside any RPC handler.")]
    private static partial void Failed(ILogger logger, Exception failure, PathString path);
}
