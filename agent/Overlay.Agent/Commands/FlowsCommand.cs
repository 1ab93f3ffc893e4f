using Overlay.Agent.Ovs;
using Overlay.Agent.Translator;
using Overlay.Agent.View;
using Overlay.OpenFlow;
using Overlay.OpenFlow.Flows;

namespace Overlay.Agent.Commands;

/// <summary><c>overlay-agent flows [--annotate]</c>: what br-int holds, optionally annotated from the view (file or cache).</summary>
public static class FlowsCommand
{
    public static async Task<int> RunAsync(string target, bool annotate, string? viewFile, string cacheDir, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        Translation? translation = null;
        if (annotate)
        {
            ViewLoadResult view = viewFile is not null ? ViewJson.Read(await File.ReadAllBytesAsync(viewFile, cancellationToken)) : new ViewCache(cacheDir).Load();
            if (!view.Ok)
            {
                await error.WriteLineAsync($"overlay-agent flows: cannot annotate: {string.Join("; ", view.Problems)}");
                return 1;
            }

            ComposeResult composed = HostViewComposer.Compose(view.Document!, null, LocalOvsState.NotLive);
            translation = Translator.Translator.Translate(composed.Composed!.View);
        }

        await using OpenFlowConnection of = await OpenFlowConnection.ConnectAsync(target, cancellationToken: cancellationToken);
        IReadOnlyList<FlowStats> flows = await of.DumpFlowsAsync(cancellationToken: cancellationToken);
        await output.WriteAsync(FlowListing.Format(flows, translation, annotate));
        return 0;
    }
}
