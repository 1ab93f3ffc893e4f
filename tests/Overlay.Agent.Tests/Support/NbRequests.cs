using Overlay.Contracts.Nb;

namespace Overlay.Agent.Tests.Support;

/// <summary>NB transactions as the tests write them: nbctl command lines as word arrays.</summary>
internal static class NbRequests
{
    /// <summary>One transaction of <paramref name="commands"/> that returns once every chassis has installed it.</summary>
    public static TransactRequest WaitHv(params string[][] commands)
    {
        var request = new TransactRequest { Wait = WaitFor.WaitHv };
        foreach (string[] words in commands)
        {
            var c = new Command();
            c.Args.AddRange(words);
            request.Commands.Add(c);
        }

        return request;
    }
}
