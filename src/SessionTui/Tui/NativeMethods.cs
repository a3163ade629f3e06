using System.Runtime.InteropServices;

namespace SessionTui.Tui;

/// <summary>The libc calls the terminal layer needs that .NET does not expose: <c>poll(2)</c>, <c>pipe(2)</c>,
/// <c>read(2)</c>/<c>write(2)</c>/<c>close(2)</c> on raw descriptors, <c>tcgetattr(3)</c>/<c>tcsetattr(3)</c> and
/// <c>_exit(2)</c>. Linux values (poll flags, <c>TCSANOW</c>).</summary>
internal static partial class NativeMethods
{
    /// <summary>Data to read (<c>POLLIN</c>).</summary>
    public const short PollIn = 0x001;

    /// <summary>Error condition (<c>POLLERR</c>).</summary>
    public const short PollErr = 0x008;

    /// <summary>Hung up (<c>POLLHUP</c>): the terminal went away.</summary>
    public const short PollHup = 0x010;

    /// <summary>Invalid descriptor (<c>POLLNVAL</c>).</summary>
    public const short PollNval = 0x020;

    /// <summary>Apply termios changes at once (<c>TCSANOW</c>).</summary>
    public const int TcsaNow = 0;

    /// <summary>Bytes reserved for a <c>struct termios</c> (60 on Linux x86-64 and arm64; generously rounded up).</summary>
    public const int TermiosSize = 256;

    /// <summary>One <c>struct pollfd</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        /// <summary>The descriptor.</summary>
        public int Fd;

        /// <summary>Requested events.</summary>
        public short Events;

        /// <summary>Returned events.</summary>
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll([In, Out] PollFd[] fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "pipe", SetLastError = true)]
    public static partial int Pipe([Out] int[] fds);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, [Out] byte[] buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, [In] byte[] buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    public static partial int TcGetAttr(int fd, [Out] byte[] termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    public static partial int TcSetAttr(int fd, int optionalActions, [In] byte[] termios);

    /// <summary>Ends the process at once with <paramref name="status"/>: no finalizers, no waiting for threads.</summary>
    [LibraryImport("libc", EntryPoint = "_exit")]
    public static partial void Exit(int status);
}
