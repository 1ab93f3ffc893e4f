using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Overlay.Agent.Configuration;
using Overlay.Agent.Diagnostics;
using Overlay.Agent.Services;
using Overlay.Agent.State;

namespace Overlay.Agent;

/// <summary>
/// Builds the agent daemon: Generic Host, options validated at start, one BackgroundService per loop
/// (view source: file or northd; planner, OVSDB, OpenFlow), shared <see cref="AgentState"/>, the "Overlay.Agent" meter.
/// </summary>
public static class AgentHost
{
    /// <param name="configure">Settings from the command line, applied over the "Agent" configuration section.</param>
    /// <param name="logging">Extra logging setup (tests capture log lines here).</param>
    public static IHost Build(Action<AgentOptions> configure, Action<ILoggingBuilder>? logging = null, TimeProvider? time = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = "overlay-agent",
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        logging?.Invoke(builder.Logging);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        AddAgent(builder.Services, builder.Configuration.GetSection(AgentOptions.Section), configure, time ?? TimeProvider.System);
        return builder.Build();
    }

    public static void AddAgent(IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration section, Action<AgentOptions> configure, TimeProvider time)
    {
        services.AddOptions<AgentOptions>().Bind(section).Configure(configure).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();
        services.AddMetrics();
        services.AddSingleton(time);
        services.AddSingleton<AgentState>();
        services.AddSingleton<AgentMetrics>();
        services.AddHostedService<ViewSourceService>();
        services.AddHostedService<SouthboundService>();
        services.AddHostedService<PlannerService>();
        services.AddHostedService<OvsdbService>();
        services.AddHostedService<SwitchService>();
    }
}
