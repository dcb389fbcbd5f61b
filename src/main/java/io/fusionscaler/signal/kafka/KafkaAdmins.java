package io.fusionscaler.signal.kafka;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One Kafka {@link Admin} client per cluster, shared by every trigger on it. Made on first use with the
 * cluster's security settings; closed when no refresh has used it for {@code admin-idle-timeout}, and on
 * shutdown. A lease keeps its Admin open while a refresh works with it.
 *
 * <p>A client that stops working is replaced, whatever broke it, so that one trigger can never leave every other
 * trigger on its cluster without data: a refresh that sees the client itself fail (rather than the cluster) says so
 * through its lease, and a client that still owes answers {@value #UNANSWERED_LIMIT_SECONDS} s after their deadline is
 * replaced on its next lease. Either way it is closed, and the next lease makes a new one.
 */
@ApplicationScoped
public class KafkaAdmins implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaAdmins.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);
    static final long UNANSWERED_LIMIT_SECONDS = 30;
    /** A client replaced again and again (a trigger that breaks every new one) is reported at most this often. */
    private static final Duration REPLACEMENT_WARNING_INTERVAL = Duration.ofMinutes(10);

    private final KafkaConfig config;
    private final Function<Map<String, Object>, Admin> factory;
    private final LongSupplier nanoClock;
    private final Map<KafkaClusterRef, Slot> slots = new HashMap<>();
    private final ScheduledExecutorService sweeper;
    private boolean closed;

    @Inject
    public KafkaAdmins(KafkaConfig config) {
        this(config, Admin::create, System::nanoTime, true);
    }

    KafkaAdmins(KafkaConfig config, Function<Map<String, Object>, Admin> factory, LongSupplier nanoClock, boolean sweep) {
        this.config = config;
        this.factory = factory;
        this.nanoClock = nanoClock;
        this.sweeper = sweep ? startSweeper(config.adminIdleTimeout()) : null;
    }

    /** The cluster's Admin, made now if needed; close the lease when done with it. */
    Lease lease(KafkaClusterRef cluster) throws ClusterSetupException {
        Slot slot;
        synchronized (slots) {
            if (closed) {
                throw new ClusterSetupException("Kafka clients are shut down");
            }
            slot = slots.computeIfAbsent(cluster, Slot::new);
            slot.leases++;
            slot.lastUsedNanos = nanoClock.getAsLong();
        }
        try {
            return new Lease(slot, slot.open());
        } catch (ClusterSetupException | RuntimeException e) {
            release(slot);
            throw e;
        }
    }

    /** A borrowed Admin. */
    final class Lease implements AutoCloseable {

        private final Slot slot;
        private final Admin admin;

        private Lease(Slot slot, Admin admin) {
            this.slot = slot;
            this.admin = admin;
        }

        Admin admin() {
            return admin;
        }

        /** The Admin itself failed, not the cluster (its thread is gone, it threw): close it; the next lease makes a new one. */
        void replace(String why) {
            replaceAdmin(slot, admin, why);
        }

        /** Calls the Admin had not answered by their deadline; it must complete them itself soon after, or be replaced. */
        void unanswered(Collection<? extends Future<?>> calls) {
            if (calls.isEmpty()) {
                return;
            }
            long now = nanoClock.getAsLong();
            synchronized (slots) {
                if (slot.admin == admin) {
                    calls.forEach(call -> slot.unanswered.add(new Unanswered(call, now)));
                }
            }
        }

        @Override
        public void close() {
            release(slot);
        }
    }

    /** Closes every Admin that is not leased and was last used at least {@code admin-idle-timeout} ago. */
    void closeIdle() {
        long now = nanoClock.getAsLong();
        long idleNanos = config.adminIdleTimeout().toNanos();
        List<Admin> idle = new ArrayList<>();
        synchronized (slots) {
            slots.entrySet().removeIf(entry -> {
                Slot slot = entry.getValue();
                if (slot.leases == 0 && now - slot.lastUsedNanos >= idleNanos) {
                    if (slot.admin != null) {
                        LOG.infof("closing the Admin client of cluster '%s', unused for %s", entry.getKey().displayName(),
                                config.adminIdleTimeout());
                        idle.add(slot.admin);
                    }
                    return true;
                }
                return false;
            });
        }
        idle.forEach(KafkaAdmins::closeQuietly);
    }

    @PreDestroy
    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        List<Admin> open = new ArrayList<>();
        synchronized (slots) {
            slots.values().forEach(slot -> {
                if (slot.admin != null) {
                    open.add(slot.admin);
                }
            });
            slots.clear();
            closed = true;
        }
        open.forEach(KafkaAdmins::closeQuietly);
    }

    private void replaceAdmin(Slot slot, Admin broken, String why) {
        boolean replaced;
        boolean warn = false;
        int quiet = 0;
        synchronized (slots) {
            replaced = slot.admin == broken;
            if (replaced) {
                slot.admin = null;
                slot.unanswered.clear();
                long now = nanoClock.getAsLong();
                if (slot.lastWarningNanos == null || now - slot.lastWarningNanos >= REPLACEMENT_WARNING_INTERVAL.toNanos()) {
                    warn = true;
                    quiet = slot.quietReplacements;
                    slot.lastWarningNanos = now;
                    slot.quietReplacements = 0;
                } else {
                    slot.quietReplacements++;
                }
            }
        }
        if (!replaced) {
            return;
        }
        if (warn) {
            LOG.warnf("replacing the Kafka Admin client of cluster '%s': %s%s", slot.cluster.displayName(), why,
                    quiet == 0 ? "" : " (" + quiet + " more replacements since the last warning)");
        } else {
            LOG.debugf("replacing the Kafka Admin client of cluster '%s': %s", slot.cluster.displayName(), why);
        }
        closeQuietly(broken);
    }

    private void release(Slot slot) {
        synchronized (slots) {
            slot.leases--;
            slot.lastUsedNanos = nanoClock.getAsLong();
        }
    }

    private ScheduledExecutorService startSweeper(Duration idleTimeout) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fusion-kafka-admin-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long periodMs = Math.max(1_000, Math.min(idleTimeout.toMillis() / 2, 60_000));
        executor.scheduleWithFixedDelay(this::closeIdle, periodMs, periodMs, TimeUnit.MILLISECONDS);
        return executor;
    }

    private static void closeQuietly(Admin admin) {
        try {
            admin.close(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.debugf("closing a Kafka Admin client failed: %s", e.toString());
        }
    }

    /** A call an Admin had not answered by its deadline, noted at that time. */
    private record Unanswered(Future<?> call, long sinceNanos) {
    }

    /** The Admin of one cluster; fields guarded by the {@code slots} lock, creation by the slot itself. */
    private final class Slot {

        private final KafkaClusterRef cluster;
        private final List<Unanswered> unanswered = new ArrayList<>();
        private Admin admin;
        private int leases;
        private long lastUsedNanos;
        private Long lastWarningNanos;
        private int quietReplacements;

        Slot(KafkaClusterRef cluster) {
            this.cluster = cluster;
        }

        Admin open() throws ClusterSetupException {
            synchronized (this) {
                Admin existing;
                long overdue;
                synchronized (slots) {
                    existing = admin;
                    overdue = overdueCalls();
                }
                if (existing != null && overdue == 0) {
                    return existing;
                }
                if (existing != null) {
                    replaceAdmin(this, existing, overdue + " call(s) still unanswered " + UNANSWERED_LIMIT_SECONDS
                            + " s after their deadline");
                }
                KafkaClientSettings settings = KafkaClientSettings.forCluster(cluster, config);
                Admin created;
                try {
                    created = factory.apply(settings.properties());
                } catch (RuntimeException e) {
                    throw new ClusterSetupException("cannot create a Kafka client for cluster '" + cluster.displayName()
                            + "': " + settings.redact(KafkaErrors.describe(e)));
                }
                synchronized (slots) {
                    admin = created;
                }
                return created;
            }
        }

        /** Forgets the calls answered since; how many have waited longer than the limit. Under the {@code slots} lock. */
        private long overdueCalls() {
            unanswered.removeIf(u -> u.call().isDone());
            long now = nanoClock.getAsLong();
            long limit = Duration.ofSeconds(UNANSWERED_LIMIT_SECONDS).toNanos();
            return unanswered.stream().filter(u -> now - u.sinceNanos() >= limit).count();
        }
    }
}
