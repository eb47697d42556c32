using IntelHub.Server.Hosting;

try
{
    var app = await HubApplication.BuildAsync(args);
    await app.StartAsync();
    HubWelcome.Print(app, Console.Out);
    await app.WaitForShutdownAsync();
    return 0;
}
catch (HubConfigurationException problem)
{
    await Console.Error.WriteLineAsync(problem.Message);
    return 2;
}
