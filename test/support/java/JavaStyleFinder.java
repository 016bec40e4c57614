/*
 * Interop test peer: what a Java Ranger finder would consider eligible in one service.
 *
 * Usage (Java 17 single-file source launcher):
 *   java -cp /usr/share/java/zookeeper.jar JavaStyleFinder.java <connectString> <namespace> <service> [zombieThresholdMs=60000]
 *
 * Lists the children of /<namespace>/<service>, reads each with the same strict ObjectMapper as
 * StrictRangerReader (FAIL_ON_UNKNOWN_PROPERTIES on, case-sensitive enums) and applies Java Ranger's
 * FinderUtils.isValidNode rule: healthcheckStatus == healthy and
 * lastUpdatedTimeStamp >= now - zombieThreshold.
 *
 * stdout carries exactly one JSON line (ASCII only):
 *   {"eligible":["host:port",...],"rejected":[{"node":"<znode name>","reason":"..."}]}
 * Both lists are ordered by znode name. "eligible" holds the node's own representation (host:port from
 * its data, as Java's ServiceNode.representation()); "rejected" names the znode, since its data may not
 * parse. Reasons start with a stable keyword: "parse-error: ", "unhealthy: ", "zombie: ", "vanished: ".
 * ZooKeeper / usage errors: message on stderr, exit 1.
 *
 * Uses the same strict mapper (and Debian Jackson long-range workaround) as StrictRangerReader.
 */

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

public class JavaStyleFinder {

    @SuppressWarnings("java:S115")
    public enum HealthcheckStatus {
        healthy,
        unhealthy
    }

    @SuppressWarnings("java:S115")
    public enum PortScheme {
        http,
        https,
        tcp
    }

    @JsonPropertyOrder({"environment", "region", "tags"})
    public static class ShardInfo {
        public String environment;
        public String region;
        public Set<String> tags;
    }

    @JsonPropertyOrder({"host", "port", "routingWeight", "nodeData", "healthcheckStatus",
            "lastUpdatedTimeStamp", "healthySinceTimeStamp", "portScheme"})
    public static class ServiceNode {
        public String host;
        public int port;
        public double routingWeight = 1.0;
        public ShardInfo nodeData;
        public HealthcheckStatus healthcheckStatus = HealthcheckStatus.healthy;
        public long lastUpdatedTimeStamp = Long.MIN_VALUE;
        public long healthySinceTimeStamp = 0L;
        public PortScheme portScheme = PortScheme.http;
    }

    /**
     * Works around a bug in Debian bookworm's jackson-core 2.14.1-2~deb12u1 (a security backport): when
     * databind asks directly for a long, every 19-digit integer, Long.MIN_VALUE included, is rejected as
     * "out of range of long". Upstream Jackson (what Java Ranger ships with) accepts them. Asking the parser
     * for the number type first takes its BigInteger path, whose range check is right; everything else
     * (coercions, nulls, defaults, error messages) is still the stock LongDeserializer's.
     */
    static final class LongRangeFix extends DelegatingDeserializer {
        private static final long serialVersionUID = 1L;

        LongRangeFix(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new LongRangeFix(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_NUMBER_INT)) {
                p.getNumberType();
            }
            return super.deserialize(p, ctxt);
        }
    }

    @SuppressWarnings("unchecked")
    static <T> JsonDeserializer<T> longDeserializer(Class<Long> type, Long nullValue) {
        return (JsonDeserializer<T>) (JsonDeserializer<?>) new LongRangeFix(
                new NumberDeserializers.LongDeserializer(type, nullValue));
    }

    /** The strict mapper: plain ObjectMapper defaults (stated explicitly) plus the long-range fix above. */
    static ObjectMapper strictMapper() {
        SimpleModule longRangeFix = new SimpleModule("debian-jackson-long-range-fix");
        longRangeFix.addDeserializer(Long.TYPE, longDeserializer(Long.TYPE, 0L));
        longRangeFix.addDeserializer(Long.class, longDeserializer(Long.class, null));
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                .addModule(longRangeFix)
                .build();
    }

    static ZooKeeper connect(String connectString) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, 10_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(10, TimeUnit.SECONDS)) {
            zk.close();
            throw new IOException("could not connect to ZooKeeper at " + connectString + " within 10 s");
        }
        return zk;
    }

    static String firstLine(Throwable e) {
        String msg = e.getMessage();
        if (msg == null) {
            return e.getClass().getName();
        }
        int nl = msg.indexOf('\n');
        return (nl >= 0 ? msg.substring(0, nl) : msg).trim();
    }

    public static void main(String[] args) {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: JavaStyleFinder <connectString> <namespace> <service> [zombieThresholdMs=60000]");
            System.exit(2);
        }
        String connectString = args[0];
        String servicePath = "/" + args[1] + "/" + args[2];
        long threshold;
        try {
            threshold = args.length == 4 ? Long.parseLong(args[3]) : 60_000L;
        } catch (NumberFormatException e) {
            System.err.println("JavaStyleFinder: bad zombieThresholdMs: " + args[3]);
            System.exit(2);
            return;
        }

        ObjectMapper strict = strictMapper();
        ObjectMapper out = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
        ObjectNode result = out.createObjectNode();
        ArrayNode eligible = result.putArray("eligible");
        ArrayNode rejected = result.putArray("rejected");

        try {
            ZooKeeper zk = connect(connectString);
            try {
                List<String> children = new ArrayList<>(zk.getChildren(servicePath, false));
                Collections.sort(children);
                for (String child : children) {
                    byte[] data;
                    try {
                        data = zk.getData(servicePath + "/" + child, false, null);
                    } catch (KeeperException.NoNodeException e) {
                        reject(rejected, child, "vanished: deleted between list and read");
                        continue;
                    }
                    ServiceNode node;
                    try {
                        node = strict.readValue(data == null ? new byte[0] : data, ServiceNode.class);
                    } catch (IOException e) {
                        reject(rejected, child, "parse-error: " + firstLine(e));
                        continue;
                    }
                    if (node.healthcheckStatus != HealthcheckStatus.healthy) {
                        reject(rejected, child, "unhealthy: healthcheckStatus=" + node.healthcheckStatus);
                        continue;
                    }
                    // Same instant source and rule as Java Ranger: currentTimeMillis() - threshold.
                    long cutoff = System.currentTimeMillis() - threshold;
                    if (node.lastUpdatedTimeStamp < cutoff) {
                        reject(rejected, child, "zombie: lastUpdatedTimeStamp=" + node.lastUpdatedTimeStamp
                                + " < now-" + threshold + "=" + cutoff);
                        continue;
                    }
                    eligible.add(String.format("%s:%d", node.host, node.port));
                }
            } finally {
                zk.close();
            }
        } catch (KeeperException e) {
            System.err.println("JavaStyleFinder: ZooKeeper error on " + servicePath + ": " + e.getMessage());
            System.exit(1);
            return;
        } catch (IOException | InterruptedException e) {
            System.err.println("JavaStyleFinder: " + e.getMessage());
            System.exit(1);
            return;
        }

        try {
            System.out.println(out.writeValueAsString(result));
            System.out.flush();
        } catch (IOException e) {
            System.err.println("JavaStyleFinder: cannot write result: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    static void reject(ArrayNode rejected, String node, String reason) {
        ObjectNode entry = rejected.addObject();
        entry.put("node", node);
        entry.put("reason", reason);
    }
}
