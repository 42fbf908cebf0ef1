package dev.mee6sync.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/** Memory, GC and machine facts of this JVM and its machine. */
final class JvmProbe {

    private JvmProbe() {
    }

    /**
     * Watches the heap while a sync runs: the most heap in use at once (sampled every millisecond; garbage not yet
     * collected included), and the most heap still in use right after a collection (what the sync really holds).
     */
    static final class HeapWatch implements AutoCloseable {
        private final Thread sampler;
        private final List<NotificationEmitter> emitters = new ArrayList<>();
        private final NotificationListener listener = this::onCollection;
        private volatile boolean running = true;
        private volatile long peakUsed;
        private volatile long maxAfterCollection = -1;

        HeapWatch() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (collector instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener(listener, null, null);
                    emitters.add(emitter);
                }
            }
            sampler = new Thread(() -> {
                while (running) {
                    peakUsed = Math.max(peakUsed, memory.getHeapMemoryUsage().getUsed());
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-heap-watch");
            sampler.setDaemon(true);
            sampler.start();
        }

        private void onCollection(Notification notification, Object handback) {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                    .from((CompositeData) notification.getUserData());
            long before = 0;
            long after = 0;
            for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
                before += isHeap(pool.getKey()) ? pool.getValue().getUsed() : 0;
            }
            for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                after += isHeap(pool.getKey()) ? pool.getValue().getUsed() : 0;
            }
            peakUsed = Math.max(peakUsed, before);
            maxAfterCollection = Math.max(maxAfterCollection, after);
        }

        double peakUsedMb() {
            return peakUsed / 1024.0 / 1024.0;
        }

        /** -1 when no collection happened during the watch. */
        double maxAfterCollectionMb() {
            return maxAfterCollection < 0 ? -1 : maxAfterCollection / 1024.0 / 1024.0;
        }

        @Override
        public void close() {
            running = false;
            sampler.interrupt();
            for (NotificationEmitter emitter : emitters) {
                try {
                    emitter.removeNotificationListener(listener);
                } catch (ListenerNotFoundException e) {
                    // already gone
                }
            }
        }
    }

    private static boolean isHeap(String poolName) {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals(poolName)) {
                return pool.getType() == MemoryType.HEAP;
            }
        }
        return false;
    }

    /** Starts a new peak RSS for this process (Linux {@code clear_refs} 5). */
    static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // not Linux, or not allowed: the peak RSS is then the process's lifetime peak
        }
    }

    static double maxHeapMb() {
        return Runtime.getRuntime().maxMemory() / 1024.0 / 1024.0;
    }

    /** Peak resident set size of this process since {@link #resetPeakRss()} ({@code VmHWM}); -1 off Linux. */
    static double peakRssMb() {
        return statusOf("/proc/self/status", "VmHWM") / 1024.0;
    }

    /** Collections and milliseconds spent in GC so far, all collectors. */
    static long[] gc() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, collector.getCollectionCount());
            millis += Math.max(0, collector.getCollectionTime());
        }
        return new long[] { count, millis };
    }

    /** The 1-minute load average ({@code /proc/loadavg}); -1 when unknown. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** What the numbers were measured on. */
    static Map<String, Object> machine(String postgresVersion) {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("cpuModel", cpuModel());
        machine.put("memoryGb", Math.round(statusOf("/proc/meminfo", "MemTotal") / 1024.0 / 1024.0 * 10) / 10.0);
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", ")));
        machine.put("jvmArgs", String.join(" ", jvmArgs()));
        machine.put("maxHeapMb", Math.round(maxHeapMb()));
        machine.put("postgres", postgresVersion);
        return machine;
    }

    private static List<String> jvmArgs() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("-X") || arg.startsWith("-XX")).toList();
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static long statusOf(String file, String field) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
