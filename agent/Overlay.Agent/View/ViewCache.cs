using System.Runtime.InteropServices;

namespace Overlay.Agent.View;

/// <summary>
/// The agent's local copy of the last view it applied (<c>CACHE_DIR/view.json</c>), so that a restart with no
/// reachable view source can reinstall at once. Written atomically: a temp file in the same directory is
/// written and fsync'ed, renamed over the old file, then the directory is fsync'ed so the rename survives a
/// crash. A reader therefore sees the old view or the new one, never a mix.
/// </summary>
public sealed partial class ViewCache(string directory, string fileName = ViewCache.FileName)
{
    public const string FileName = "view.json";

    /// <summary>With <c>--northd</c>: what northd sent (the replica) at its revision, next to the composed <see cref="FileName"/>.</summary>
    public const string SouthboundFileName = "southbound.json";

    public string Directory { get; } = directory;

    public string FilePath => Path.Combine(Directory, fileName);

    public void Save(ViewDocument view) => SaveBytes(ViewJson.Write(view));

    public void SaveBytes(ReadOnlySpan<byte> content)
    {
        System.IO.Directory.CreateDirectory(Directory);
        string temp = Path.Combine(Directory, $".{fileName}.{Environment.ProcessId}.tmp");
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, FilePath, overwrite: true);
        SyncDirectory(Directory);
    }

    /// <summary>The cached view; a missing file is "no cache", an unreadable one is reported as problems.</summary>
    public ViewLoadResult Load()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(FilePath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return ViewLoadResult.Failed($"no cached view at {FilePath}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ViewLoadResult.Failed($"cannot read the cached view {FilePath}: {e.Message}");
        }

        return ViewJson.Read(bytes);
    }

    private static void SyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux())
            return;
        int fd = Native.Open(path, Native.ReadOnly);
        if (fd < 0)
            return; // Best effort: the data itself is already on disk.
        try
        {
            _ = Native.Fsync(fd);
        }
        finally
        {
            _ = Native.Close(fd);
        }
    }

    private static partial class Native
    {
        public const int ReadOnly = 0; // O_RDONLY opens a directory too, which is all fsync needs

        [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
        public static partial int Open(string path, int flags);

        [LibraryImport("libc", EntryPoint = "fsync")]
        public static partial int Fsync(int fd);

        [LibraryImport("libc", EntryPoint = "close")]
        public static partial int Close(int fd);
    }
}
