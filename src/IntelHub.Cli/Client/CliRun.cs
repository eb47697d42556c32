using System.CommandLine;
using Grpc.Core;

namespace IntelHub.Cli.Client;

/// <summary>Runs a client command and turns failures into a message and an exit code, never a stack trace.</summary>
internal static class CliRun
{
    public static async Task<int> Guarded(ParseResult result, Func<TextWriter, Task> command)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(command);
        var output = result.InvocationConfiguration.Output;
        var error = result.InvocationConfiguration.Error;
        try
        {
            await command(output);
            return 0;
        }
        catch (CliProblem problem)
        {
            await error.WriteLineAsync(problem.Message);
            return 2;
        }
        catch (RpcException failure)
        {
            await error.WriteLineAsync($"The hub refused: {failure.Status.StatusCode}: {failure.Status.Detail}");
            return 1;
        }
        catch (Exception failure) when (failure is HttpRequestException or IOException or Google.Protobuf.InvalidProtocolBufferException or InvalidOperationException)
        {
            await error.WriteLineAsync($"Could not complete the command: {failure.Message}");
            return 1;
        }
    }
}
