using Overlay.Agent;

return await AgentCli.RunAsync(args);
