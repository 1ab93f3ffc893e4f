using System.Diagnostics;
using System.Globalization;

namespace Overlay.TestSupport;

/// <summary>One captured IPv4 frame: Ethernet addresses, IP addresses, TTL and protocol.</summary>
public sealed record CapturedFrame(string EthSrc, string EthDst, string IpSrc, string IpDst, int Ttl, int Proto);

/// <summary>
/// A bounded AF_PACKET capture of incoming IPv4 frames on a VM's eth0 (Debian's python3; no tcpdump needed).
/// <see cref="Start"/> returns once the socket is bound, so whatever is sent afterwards is seen.
/// </summary>
public sealed class FrameCapture : IDisposable
{
    private const string Script = """
        import socket, struct, sys, time
        dur, maxn, proto = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
        s.bind(("eth0", 0))
        print("ready", flush=True)
        end = time.time() + dur
        n = 0
        mac = lambda b: ":".join("%02x" % x for x in b)
        while n < maxn:
            left = end - time.time()
            if left <= 0:
                break
            s.settimeout(left)
            try:
                data, addr = s.recvfrom(65535)
            except socket.timeout:
                break
            if addr[2] == socket.PACKET_OUTGOING or len(data) < 34:
                continue
            ttl, p = data[22], data[23]
            if proto >= 0 and p != proto:
                continue
            print("frame", mac(data[6:12]), mac(data[0:6]), socket.inet_ntoa(data[26:30]), socket.inet_ntoa(data[30:34]), ttl, p, flush=True)
            n += 1
        print("done", flush=True)
        """;

    private readonly Process _process;
    private readonly List<CapturedFrame> _frames = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan _duration;

    private FrameCapture(Process process, TimeSpan duration)
    {
        _process = process;
        _duration = duration;
    }

    internal static FrameCapture Start(SimVm vm, TimeSpan duration, int maxFrames, int ipProto)
    {
        var psi = new ProcessStartInfo(OvsTools.Find("ip"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string a in new[]
                 {
                     "netns", "exec", vm.Namespace, "/usr/bin/python3", "-c", Script,
                     duration.TotalSeconds.ToString(CultureInfo.InvariantCulture), maxFrames.ToString(CultureInfo.InvariantCulture),
                     ipProto.ToString(CultureInfo.InvariantCulture),
                 })
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the capture");
        var capture = new FrameCapture(process, duration);
        process.StandardInput.Close();
        process.OutputDataReceived += (_, e) => capture.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
                capture._ready.TrySetException(new InvalidOperationException("capture: " + line));
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!capture._ready.Task.Wait(TimeSpan.FromSeconds(15)))
        {
            capture.Dispose();
            throw new TimeoutException($"{vm.Name}: capture did not start within 15 s");
        }

        return capture;
    }

    /// <summary>Waits until the capture ends (duration or frame limit reached) and returns the frames.</summary>
    public IReadOnlyList<CapturedFrame> Finish()
    {
        _done.Task.Wait(_duration + TimeSpan.FromSeconds(15));
        lock (_frames)
            return [.. _frames];
    }

    /// <summary>Ends the capture now and returns what it saw so far.</summary>
    public IReadOnlyList<CapturedFrame> Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        lock (_frames)
            return [.. _frames];
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            _done.TrySetResult();
            return;
        }

        string[] f = line.Split(' ');
        switch (f[0])
        {
            case "ready":
                _ready.TrySetResult();
                break;
            case "done":
                _done.TrySetResult();
                break;
            case "frame" when f.Length == 7:
                lock (_frames)
                    _frames.Add(new CapturedFrame(f[1], f[2], f[3], f[4], int.Parse(f[5], CultureInfo.InvariantCulture), int.Parse(f[6], CultureInfo.InvariantCulture)));
                break;
        }
    }
}
