using System.Net.Sockets;
using System.Text;

namespace Build.Tests.Release.Support;

/// <summary>
/// A BuildKit endpoint on a unix socket for buildx's remote driver, served by a Docker engine's embedded BuildKit:
/// dockerd exposes BuildKit's gRPC control API at <c>POST /grpc</c> with <c>Connection: Upgrade</c>,
/// <c>Upgrade: h2c</c> on its socket. For each connection accepted on <see cref="Socket"/> the relay opens the engine's
/// socket, sends that request, reads the response's headers (101 Switching Protocols) and then copies bytes both ways
/// until either side closes. Disposing stops accepting and closes every open connection.
/// </summary>
public sealed class BuildKitRelay : IDisposable
{
    private static readonly byte[] Upgrade = Encoding.ASCII.GetBytes("POST /grpc HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n");

    private readonly string engineSocket;
    private readonly System.Net.Sockets.Socket listener;
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<System.Net.Sockets.Socket, byte> open = new();
    private int relayed;

    /// <param name="socket">Where the relay listens (a path that does not exist yet).</param>
    /// <param name="engineSocket">The Docker engine's unix socket.</param>
    public BuildKitRelay(string socket, string engineSocket)
    {
        Socket = socket;
        this.engineSocket = engineSocket;
        listener = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socket));
        listener.Listen(64);
        accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The relay's unix socket: the remote driver's endpoint is <c>unix://</c> and this path.</summary>
    public string Socket { get; }

    /// <summary>How many connections were relayed (upgraded) so far.</summary>
    public int Relayed => relayed;

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            System.Net.Sockets.Socket client;
            try
            {
                client = await listener.AcceptAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(System.Net.Sockets.Socket client)
    {
        using var engine = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        open[client] = 0;
        open[engine] = 0;
        try
        {
            await engine.ConnectAsync(new UnixDomainSocketEndPoint(engineSocket), stop.Token);
            await engine.SendAsync(Upgrade, SocketFlags.None, stop.Token);

            // The response's headers, byte by byte up to the blank line: what follows is already HTTP/2 for the client.
            var headers = new List<byte>();
            var one = new byte[1];
            while (!EndsWithBlankLine(headers))
            {
                if (await engine.ReceiveAsync(one, SocketFlags.None, stop.Token) == 0)
                {
                    return;
                }

                headers.Add(one[0]);
            }

            if (!Encoding.ASCII.GetString([.. headers]).StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
            {
                return;
            }

            Interlocked.Increment(ref relayed);
            await Task.WhenAll(CopyAsync(client, engine), CopyAsync(engine, client));
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The relay stopped, or a side went away: the other side is closed below.
        }
        finally
        {
            open.TryRemove(client, out _);
            open.TryRemove(engine, out _);
            client.Dispose();
        }
    }

    /// <summary>Copies until <paramref name="from"/> closes, then closes the sending side of <paramref name="to"/>.</summary>
    private async Task CopyAsync(System.Net.Sockets.Socket from, System.Net.Sockets.Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, stop.Token)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stop.Token);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Either side closed: the other copy ends with it.
            from.Dispose();
            to.Dispose();
        }
    }

    private static bool EndsWithBlankLine(List<byte> bytes) =>
        bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';

    public void Dispose()
    {
        stop.Cancel();
        listener.Dispose();
        foreach (var socket in open.Keys)
        {
            socket.Dispose();
        }

        accepting.Wait(TimeSpan.FromSeconds(10));
        stop.Dispose();
        File.Delete(Socket);
    }
}
