package io.hookline.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free loopback port that drops its first connection once that connection has
 * carried {@code cutAfterBytes} from the client, mid-stream: the client's events up to there may
 * have been stored and acked, stored without the ack getting back, or never read. Later
 * connections pass through untouched.
 */
public final class CuttingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int upstreamPort;
    private final long cutAfterBytes;
    private final AtomicInteger connections = new AtomicInteger();

    private CuttingProxy(int upstreamPort, long cutAfterBytes) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstreamPort = upstreamPort;
        this.cutAfterBytes = cutAfterBytes;
    }

    public static CuttingProxy start(int upstreamPort, long cutAfterBytes) throws IOException {
        CuttingProxy proxy = new CuttingProxy(upstreamPort, cutAfterBytes);
        Thread acceptor = new Thread(proxy::accept, "cutting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** How many client connections were accepted. */
    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                long limit = connections.incrementAndGet() == 1 ? cutAfterBytes : Long.MAX_VALUE;
                pump(client, server, limit);
                pump(server, client, Long.MAX_VALUE);
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Copies {@code from} to {@code to}; after {@code limit} bytes, closes both sockets. */
    private static void pump(Socket from, Socket to, long limit) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[1024];
            long copied = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer, 0, (int) Math.min(buffer.length, limit - copied))) > 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                    copied += read;
                    if (copied >= limit) {
                        break;
                    }
                }
            } catch (IOException closed) {
                // the other direction closed the pair
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "cutting-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyClosed) {
            // nothing left to release
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
