using System.Globalization;
using System.Runtime.InteropServices;
using SessionTui.Core;

namespace SessionTui.Tmux;

/// <summary>
/// Builds <see cref="ServerRef"/>s the way tmux(1) names its sockets: <c>-S path</c> is the path itself; <c>-L name</c> and the
/// default server live in <c>$TMUX_TMPDIR</c> (or <c>/tmp</c>), symlinks resolved, then <c>tmux-$UID/name</c>, where the default
/// name is <c>default</c> (tmux 3.3a <c>make_label</c>).
/// </summary>
public static class TmuxServers
{
    private const string DefaultSocketName = "default";

    /// <summary>The default server, <c>tmux</c> with no socket flag; addressed by <c>-S</c> with the resolved path.</summary>
    /// <param name="getEnv">Reads an environment variable (<c>TMUX_TMPDIR</c>); null when unset.</param>
    /// <param name="uid">The real user id, as from <see cref="CurrentUid"/>.</param>
    /// <returns>Label <c>default</c>, SocketArgs <c>["-S", path]</c>, SocketPath <c>path</c>.</returns>
    public static ServerRef Default(Func<string, string?> getEnv, uint uid)
    {
        var path = SocketPathFor(DefaultSocketName, getEnv, uid);
        return new ServerRef(DefaultSocketName, ["-S", path], path);
    }

    /// <summary>A server named as with <c>tmux -L name</c>.</summary>
    /// <param name="name">The socket name: not empty, no <c>/</c>.</param>
    /// <param name="getEnv">Reads an environment variable (<c>TMUX_TMPDIR</c>); null when unset.</param>
    /// <param name="uid">The real user id, as from <see cref="CurrentUid"/>.</param>
    /// <returns>Label <paramref name="name"/>, SocketArgs <c>["-L", name]</c>, SocketPath the resolved path.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or contains <c>/</c>.</exception>
    public static ServerRef FromSocketName(string name, Func<string, string?> getEnv, uint uid)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"a tmux socket name cannot contain '/': {name}", nameof(name));
        }

        return new ServerRef(name, ["-L", name], SocketPathFor(name, getEnv, uid));
    }

    /// <summary>A server addressed as with <c>tmux -S path</c>.</summary>
    /// <param name="path">The socket path, absolute or relative to the current directory.</param>
    /// <returns>Label <paramref name="path"/> as given, SocketArgs <c>["-S", fullPath]</c>, SocketPath the full path.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public static ServerRef FromSocketPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        return new ServerRef(path, ["-S", full], full);
    }

    /// <summary>The real user id of this process (<c>getuid(2)</c> via libc, Linux), the uid tmux(1) puts in <c>tmux-$UID</c>.</summary>
    public static uint CurrentUid() => NativeMethods.GetUid();

    /// <summary>
    /// Whether a process with this <c>$TMUX</c> runs inside <paramref name="server"/>. tmux sets <c>$TMUX</c> in its panes to
    /// <c>socket_path,server_pid,session_index</c>; the socket path is everything before the last two commas (a path may hold commas).
    /// </summary>
    /// <param name="server">The server to test.</param>
    /// <param name="tmuxEnv">The value of <c>$TMUX</c>, null or empty when not inside tmux.</param>
    public static bool IsInside(ServerRef server, string? tmuxEnv)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (string.IsNullOrEmpty(tmuxEnv))
        {
            return false;
        }

        var socket = SocketField(tmuxEnv);
        return socket.Length > 0 && string.Equals(Path.GetFullPath(socket), server.SocketPath, StringComparison.Ordinal);
    }

    private static string SocketField(string tmuxEnv)
    {
        var last = tmuxEnv.LastIndexOf(',');
        var secondLast = last > 0 ? tmuxEnv.LastIndexOf(',', last - 1) : -1;
        return secondLast >= 0 ? tmuxEnv[..secondLast] : tmuxEnv;
    }

    private static string SocketPathFor(string name, Func<string, string?> getEnv, uint uid)
    {
        ArgumentNullException.ThrowIfNull(getEnv);
        return Path.Join(SocketRoot(getEnv), "tmux-" + uid.ToString(CultureInfo.InvariantCulture), name);
    }

    private static string SocketRoot(Func<string, string?> getEnv)
    {
        var candidates = new[] { getEnv("TMUX_TMPDIR"), "/tmp" };
        foreach (var candidate in candidates)
        {
            if (!string.IsNullOrEmpty(candidate) && NativeMethods.RealPath(candidate) is { } resolved)
            {
                return resolved;
            }
        }

        return "/tmp";
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "getuid")]
        internal static extern uint GetUid();

        internal static string? RealPath(string path)
        {
            var resolved = RealPathNative(path, IntPtr.Zero);
            if (resolved == IntPtr.Zero)
            {
                return null;
            }

            try
            {
                return Marshal.PtrToStringUTF8(resolved);
            }
            finally
            {
                Free(resolved);
            }
        }

        [DllImport("libc", EntryPoint = "realpath")]
        private static extern IntPtr RealPathNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

        [DllImport("libc", EntryPoint = "free")]
        private static extern void Free(IntPtr pointer);
    }
}
