/*
 * Interop test helper: force the expiry of someone else's ZooKeeper session.
 *
 * Usage (Java 17 single-file source launcher):
 *   java -cp /usr/share/java/zookeeper.jar SessionExpirer.java <connectString> <sessionIdHex> <sessionPasswordBase64>
 *
 * Opens a second connection that resumes the target session (same id and password), waits until
 * SyncConnected (10 s deadline), then close()s it. Closing a session ends it on the server, so the
 * original owner's ephemerals are deleted and its client sees Expired when it next talks to the
 * server. This is the standard way to force a session expiry in tests.
 *
 * stdout: "expired" on success. Errors: message on stderr, exit 1.
 */

import java.io.IOException;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

public class SessionExpirer {

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: SessionExpirer <connectString> <sessionIdHex> <sessionPasswordBase64>");
            System.exit(2);
        }
        String connectString = args[0];
        long sessionId;
        byte[] password;
        try {
            String hex = args[1].startsWith("0x") || args[1].startsWith("0X") ? args[1].substring(2) : args[1];
            sessionId = Long.parseUnsignedLong(hex, 16);
            password = Base64.getDecoder().decode(args[2]);
        } catch (IllegalArgumentException e) {
            System.err.println("SessionExpirer: bad session id or password: " + e.getMessage());
            System.exit(1);
            return;
        }

        CountDownLatch settled = new CountDownLatch(1);
        AtomicReference<Watcher.Event.KeeperState> state = new AtomicReference<>();
        ZooKeeper zk;
        try {
            zk = new ZooKeeper(connectString, 10_000, event -> {
                Watcher.Event.KeeperState s = event.getState();
                if (s == Watcher.Event.KeeperState.SyncConnected || s == Watcher.Event.KeeperState.Expired
                        || s == Watcher.Event.KeeperState.AuthFailed) {
                    state.compareAndSet(null, s);
                    settled.countDown();
                }
            }, sessionId, password);
        } catch (IOException e) {
            System.err.println("SessionExpirer: " + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            boolean done = settled.await(10, TimeUnit.SECONDS);
            Watcher.Event.KeeperState s = state.get();
            if (!done || s != Watcher.Event.KeeperState.SyncConnected) {
                System.err.println("SessionExpirer: could not resume session 0x" + Long.toHexString(sessionId)
                        + " at " + connectString + " within 10 s (state: " + (s == null ? "none" : s) + ")");
                zk.close();
                System.exit(1);
                return;
            }
            if (zk.getSessionId() != sessionId) {
                System.err.println("SessionExpirer: server gave session 0x" + Long.toHexString(zk.getSessionId())
                        + " instead of 0x" + Long.toHexString(sessionId));
                zk.close();
                System.exit(1);
                return;
            }
            zk.close();
        } catch (InterruptedException e) {
            System.err.println("SessionExpirer: interrupted");
            System.exit(1);
            return;
        }
        System.out.println("expired");
        System.out.flush();
        System.exit(0);
    }
}
