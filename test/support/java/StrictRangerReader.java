/*
 * Interop test peer: a strict Java reader of one Ranger service node.
 *
 * Usage (Java 17 single-file source launcher):
 *   java -cp /usr/share/java/zookeeper.jar StrictRangerReader.java <connectString> <absolutePath>
 *
 * Reads the znode data with the ZooKeeper Java client and deserializes it with a plain Jackson
 * ObjectMapper the way Java Ranger 1.1.4 does by default (FAIL_ON_UNKNOWN_PROPERTIES on, enums
 * case-sensitive) into a mirror of Ranger's ServiceNode<ShardInfo>.
 *
 * stdout carries exactly one JSON line (ASCII only, non-ASCII is \\u-escaped):
 *   {"ok":true,"host":...,"port":...,"routingWeight":...,"environment":...,"region":...,"tags":[...],
 *    "healthcheckStatus":"healthy","lastUpdatedTimeStamp":"<decimal>","healthySinceTimeStamp":"<decimal>",
 *    "portScheme":"http","reserialized":"<compact JSON Jackson writes back for the POJO>"}
 *   {"ok":false,"error":"<first line of the Jackson message>"}   (exit 0)
 * ZooKeeper / usage errors: message on stderr, exit 1.
 *
 * Faithfulness notes: Jackson comes from Debian (2.14), whose jackson-core backport rejects every
 * 19-digit long, Long.MIN_VALUE included; strictMapper() works around that so the tool behaves like
 * upstream Jackson (see LongRangeFix). portScheme is modelled as a lowercase enum as the contract lists
 * it; some upstream Ranger sources declare it a plain String, which would accept any value.
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
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

public class StrictRangerReader {

    /** Mirrors io.appform.ranger.core.healthcheck.HealthcheckStatus (lowercase constants). */
    @SuppressWarnings("java:S115")
    public enum HealthcheckStatus {
        healthy,
        unhealthy
    }

    /** Lowercase port schemes, as written on the wire ("http", "https", "tcp"). */
    @SuppressWarnings("java:S115")
    public enum PortScheme {
        http,
        https,
        tcp
    }

    /** Mirrors Ranger's ShardInfo (environment, region, tags). */
    @JsonPropertyOrder({"environment", "region", "tags"})
    public static class ShardInfo {
        public String environment;
        public String region;
        public Set<String> tags;
    }

    /** Mirrors Ranger 1.1.4's ServiceNode<ShardInfo>, with the same field defaults. */
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

    /** The mapper for our own stdout line: ASCII only so the platform charset never matters. */
    static ObjectMapper outputMapper() {
        return JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
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
        if (args.length != 2) {
            System.err.println("usage: StrictRangerReader <connectString> <absolutePath>");
            System.exit(2);
        }
        String connectString = args[0];
        String path = args[1];

        byte[] data;
        try {
            ZooKeeper zk = connect(connectString);
            try {
                data = zk.getData(path, false, null);
            } finally {
                zk.close();
            }
        } catch (KeeperException e) {
            System.err.println("StrictRangerReader: ZooKeeper error reading " + path + ": " + e.getMessage());
            System.exit(1);
            return;
        } catch (IOException | InterruptedException e) {
            System.err.println("StrictRangerReader: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (data == null) {
            data = new byte[0];
        }

        ObjectMapper strict = strictMapper();
        ObjectMapper out = outputMapper();
        ObjectNode result = out.createObjectNode();
        try {
            ServiceNode node = strict.readValue(data, ServiceNode.class);
            String reserialized = strict.writeValueAsString(node);
            result.put("ok", true);
            result.put("host", node.host);
            result.put("port", node.port);
            result.put("routingWeight", node.routingWeight);
            if (node.nodeData == null) {
                result.putNull("environment");
                result.putNull("region");
                result.putNull("tags");
            } else {
                result.put("environment", node.nodeData.environment);
                result.put("region", node.nodeData.region);
                if (node.nodeData.tags == null) {
                    result.putNull("tags");
                } else {
                    ArrayNode tags = result.putArray("tags");
                    for (String tag : node.nodeData.tags) {
                        tags.add(tag);
                    }
                }
            }
            result.put("healthcheckStatus", node.healthcheckStatus == null ? null : node.healthcheckStatus.name());
            result.put("lastUpdatedTimeStamp", Long.toString(node.lastUpdatedTimeStamp));
            result.put("healthySinceTimeStamp", Long.toString(node.healthySinceTimeStamp));
            result.put("portScheme", node.portScheme == null ? null : node.portScheme.name());
            result.put("reserialized", reserialized);
        } catch (IOException e) {
            result.removeAll();
            result.put("ok", false);
            result.put("error", firstLine(e));
        }
        try {
            System.out.println(out.writeValueAsString(result));
            System.out.flush();
        } catch (IOException e) {
            System.err.println("StrictRangerReader: cannot write result: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }
}
