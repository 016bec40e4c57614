/*
 * Interop test helper: force the expiry of someone else's ZooKeeper session.
 *
 * Usage (Java 17 single-file source launcher):
 *   java -cp /usr/share/java/zookeeper.jar SessionExpirer.java <connectString> <sessionIdHex> <sessionPasswordBase64>
 *
 * The standard trick: resume the target session from a second connection (same id and password) and
 * close it there. Closing ends the session on the server, so its ephemerals are deleted and the owner's
 * client sees Expired when it next reaches the server.
 *
 * Why not simply `new ZooKeeper(cs, t, w, sessionId, passwd)` + wait SyncConnected + close()? Resuming a
 * session makes the server drop the owner's connection, and a client that reconnects at once (such as
 * node-zookeeper-client, which retries on the next tick) resumes it back, making the server drop ours
 * before the close request is sent: the session survives (observed here: three ping-pong rounds in 4 s,
 * ephemeral still present). The Java client never pipelines a request behind its ConnectRequest, so
 * this tool speaks the wire protocol itself using ZooKeeper's own jute records (zookeeper-jute.jar):
 * ConnectRequest and closeSession go out in ONE write, so the server reads the close right after it has
 * re-opened the session on our connection. The close is only counted when the server answers it (err 0,
 * sent after the session's ephemerals are deleted); if the owner wins the race the attempt is repeated
 * (about half the runs against node-zookeeper-client need 2-6 attempts, all well under a second). When a
 * retry finds the session already gone (our earlier close went through but its answer was lost), a
 * sync + read from a fresh session makes sure the close has been applied before "expired" is printed.
 *
 * Deadline 10 s. stdout: "expired" on success. Errors (session not alive at the first attempt: expired,
 * already closed or wrong password; server unreachable; deadline passed): message on stderr, exit 1.
 */

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.proto.ConnectRequest;
import org.apache.zookeeper.proto.ConnectResponse;
import org.apache.zookeeper.proto.ReplyHeader;
import org.apache.zookeeper.proto.RequestHeader;

public class SessionExpirer {

    static final int CLOSE_XID = 1;
    static final int REQUESTED_SESSION_TIMEOUT_MS = 10_000;
    static final long DEADLINE_MS = 10_000;

    /** Thrown for outcomes that retrying cannot change. */
    static final class Fatal extends Exception {
        private static final long serialVersionUID = 1L;

        Fatal(String message) {
            super(message);
        }
    }

    enum Outcome {
        /** The server acknowledged our closeSession. */
        CLOSED,
        /** The server says the session does not exist (timeOut 0 in the ConnectResponse). */
        NOT_ALIVE,
        /** We resumed the session, then lost the connection before the close was answered. */
        LOST_AFTER_RESUME,
        /** We lost the connection before the server answered the ConnectRequest. */
        LOST_BEFORE_RESUME
    }

    static List<InetSocketAddress> parseConnectString(String connectString) {
        String hosts = connectString;
        int chroot = hosts.indexOf('/');
        if (chroot >= 0) {
            hosts = hosts.substring(0, chroot);
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (String part : hosts.split(",")) {
            String hp = part.trim();
            if (hp.isEmpty()) {
                continue;
            }
            String host;
            int port = 2181;
            if (hp.startsWith("[")) {
                int close = hp.indexOf(']');
                host = hp.substring(1, close);
                if (close + 1 < hp.length() && hp.charAt(close + 1) == ':') {
                    port = Integer.parseInt(hp.substring(close + 2));
                }
            } else {
                int colon = hp.lastIndexOf(':');
                host = colon >= 0 ? hp.substring(0, colon) : hp;
                if (colon >= 0) {
                    port = Integer.parseInt(hp.substring(colon + 1));
                }
            }
            out.add(InetSocketAddress.createUnresolved(host, port));
        }
        return out;
    }

    static byte[] frame(byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
        return bytes.toByteArray();
    }

    static byte[] readFrame(InputStream in) throws IOException {
        DataInputStream din = new DataInputStream(in);
        int len = din.readInt();
        if (len < 0 || len > 1 << 20) {
            throw new IOException("bad frame length " + len);
        }
        byte[] buf = new byte[len];
        din.readFully(buf);
        return buf;
    }

    /** One attempt on one server: ConnectRequest + closeSession pipelined, then read the answers. */
    static Outcome attempt(InetSocketAddress server, long sessionId, byte[] password, long deadline)
            throws IOException {
        InetSocketAddress resolved = new InetSocketAddress(server.getHostString(), server.getPort());
        try (Socket socket = new Socket()) {
            int connectTimeout = (int) Math.max(1, Math.min(3_000, deadline - System.currentTimeMillis()));
            socket.connect(resolved, connectTimeout);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));

            ByteArrayOutputStream connectPayload = new ByteArrayOutputStream();
            DataOutputStream cp = new DataOutputStream(connectPayload);
            new ConnectRequest(0, 0L, REQUESTED_SESSION_TIMEOUT_MS, sessionId, password).write(cp);
            cp.writeBoolean(false); // readOnly, as the Java client sends it
            cp.flush();

            ByteArrayOutputStream closePayload = new ByteArrayOutputStream();
            DataOutputStream clp = new DataOutputStream(closePayload);
            new RequestHeader(CLOSE_XID, ZooDefs.OpCode.closeSession).write(clp);
            clp.flush();

            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.write(frame(connectPayload.toByteArray()));
            both.write(frame(closePayload.toByteArray()));
            OutputStream out = socket.getOutputStream();
            out.write(both.toByteArray());
            out.flush();

            InputStream in = socket.getInputStream();
            ConnectResponse response = new ConnectResponse();
            try {
                response.readFields(new DataInputStream(new ByteArrayInputStream(readFrame(in))));
            } catch (EOFException | SocketException e) {
                return Outcome.LOST_BEFORE_RESUME;
            }
            if (response.getTimeOut() <= 0) {
                return Outcome.NOT_ALIVE;
            }
            try {
                while (true) {
                    ReplyHeader reply = new ReplyHeader();
                    reply.readFields(new DataInputStream(new ByteArrayInputStream(readFrame(in))));
                    if (reply.getXid() == CLOSE_XID) {
                        if (reply.getErr() != 0) {
                            throw new IOException("closeSession answered with error code " + reply.getErr());
                        }
                        return Outcome.CLOSED;
                    }
                    // Anything else (a notification) is not ours: keep reading until the close reply.
                }
            } catch (EOFException | SocketException e) {
                // Most likely the owner reconnected and took the session back before our close was read.
                return Outcome.LOST_AFTER_RESUME;
            }
        }
    }

    /**
     * Ordering barrier through the official client: a fresh session's sync + read completes only after
     * every transaction the server accepted before it (our closeSession included) has been applied.
     */
    static void barrier(String connectString, long deadline) throws Fatal, InterruptedException {
        long remaining = Math.max(1_000, deadline + 5_000 - System.currentTimeMillis());
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk;
        try {
            zk = new ZooKeeper(connectString, REQUESTED_SESSION_TIMEOUT_MS, event -> {
                if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            });
        } catch (IOException e) {
            throw new Fatal("closed the session but could not open a barrier session: " + e.getMessage());
        }
        try {
            if (!connected.await(remaining, TimeUnit.MILLISECONDS)) {
                throw new Fatal("closed the session but the barrier session did not connect");
            }
            CountDownLatch synced = new CountDownLatch(1);
            zk.sync("/", (rc, path, ctx) -> synced.countDown(), null);
            if (!synced.await(remaining, TimeUnit.MILLISECONDS)) {
                throw new Fatal("closed the session but the barrier sync did not complete");
            }
            zk.exists("/", false);
        } catch (KeeperException e) {
            throw new Fatal("closed the session but the barrier read failed: " + e.getMessage());
        } finally {
            zk.close();
        }
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: SessionExpirer <connectString> <sessionIdHex> <sessionPasswordBase64>");
            System.exit(2);
        }
        long sessionId;
        byte[] password;
        List<InetSocketAddress> servers;
        try {
            String hex = args[1].startsWith("0x") || args[1].startsWith("0X") ? args[1].substring(2) : args[1];
            sessionId = Long.parseUnsignedLong(hex, 16);
            password = Base64.getDecoder().decode(args[2]);
            servers = parseConnectString(args[0]);
            if (servers.isEmpty()) {
                throw new IllegalArgumentException("no server in connect string " + args[0]);
            }
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            System.err.println("SessionExpirer: bad arguments: " + e.getMessage());
            System.exit(1);
            return;
        }
        String sid = "0x" + Long.toHexString(sessionId);

        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        boolean resumedOnce = false;
        boolean done = false;
        String last = "no attempt made";
        int attempts = 0;
        List<String> history = new ArrayList<>();
        try {
            while (!done) {
                if (System.currentTimeMillis() >= deadline) {
                    throw new Fatal("could not close session " + sid + " at " + args[0] + " within "
                            + DEADLINE_MS + " ms after " + attempts + " attempts (last: " + last + ")");
                }
                InetSocketAddress server = servers.get(attempts % servers.size());
                attempts++;
                Outcome outcome;
                try {
                    outcome = attempt(server, sessionId, password, deadline);
                } catch (IOException e) {
                    // Connection refused, timeout, unresolvable host...: try again (next server) until the deadline.
                    last = e.toString();
                    history.add(e.getClass().getSimpleName());
                    Thread.sleep(Math.min(100L * attempts, 500L));
                    continue;
                }
                last = outcome.name();
                history.add(outcome.name());
                switch (outcome) {
                    case CLOSED:
                        done = true;
                        break;
                    case NOT_ALIVE:
                        if (!resumedOnce) {
                            throw new Fatal("session " + sid
                                    + " is not alive (expired, already closed, or wrong password)");
                        }
                        // An earlier attempt's close went through but its answer was lost: the session is
                        // closing or gone. The server refuses a closing session before its closeSession
                        // transaction is applied (fsync in between), so wait for that before reporting.
                        barrier(args[0], deadline);
                        done = true;
                        break;
                    case LOST_AFTER_RESUME:
                        resumedOnce = true;
                        break;
                    case LOST_BEFORE_RESUME:
                    default:
                        Thread.sleep(Math.min(50L * attempts, 500L));
                        break;
                }
            }
        } catch (Fatal e) {
            System.err.println("SessionExpirer: " + e.getMessage());
            System.exit(1);
            return;
        } catch (InterruptedException e) {
            System.err.println("SessionExpirer: interrupted");
            System.exit(1);
            return;
        }
        if (attempts > 1) {
            System.err.println("SessionExpirer: closed session " + sid + " after " + attempts + " attempts: "
                    + String.join(", ", history));
        }
        System.out.println("expired");
        System.out.flush();
        System.exit(0);
    }
}
