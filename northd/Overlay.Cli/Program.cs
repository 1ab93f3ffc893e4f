using Overlay.Cli;

return await CliApp.RunAsync(args, Console.Out, Console.Error);
