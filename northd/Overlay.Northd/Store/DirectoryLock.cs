using System.Globalization;

namespace Overlay.Northd.Store;

/// <summary>
/// Exclusive hold on a store directory: a lock file opened with FileShare.None (flock LOCK_EX on Unix), released
/// when the process dies, so a crash never leaves a stale lock. The holder's PID goes into a separate owner file
/// because the locked file cannot be read by anyone else.
/// </summary>
internal sealed class DirectoryLock : IDisposable
{
    public const string LockFileName = "LOCK";
    public const string OwnerFileName = "LOCK.owner";

    private readonly FileStream handle;

    private DirectoryLock(FileStream handle) => this.handle = handle;

    public static DirectoryLock Acquire(string directory)
    {
        FileStream handle;
        try
        {
            handle = new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            throw new StoreLockedException(
                $"store directory {directory} is in use by another northd ({Holder(directory)}); only one process may open a store", e);
        }
        try
        {
            File.WriteAllText(Path.Combine(directory, OwnerFileName),
                string.Create(CultureInfo.InvariantCulture, $"pid {Environment.ProcessId} on {Environment.MachineName}\n"));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
        return new DirectoryLock(handle);
    }

    // .NET reports a lock conflict as an IOException carrying the errno of flock (EWOULDBLOCK: 11 on Linux, 35 on
    // macOS) on Unix, or ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION on Windows. Other I/O errors pass through.
    private static bool IsHeldElsewhere(IOException e) =>
        e.GetType() == typeof(IOException) && e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    private static string Holder(string directory)
    {
        try
        {
            var owner = File.ReadAllText(Path.Combine(directory, OwnerFileName)).Trim();
            return owner.Length > 0 ? "held by " + owner : "holder unknown";
        }
        catch (IOException)
        {
            return "holder unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "holder unknown";
        }
    }

    public void Dispose() => handle.Dispose();
}
