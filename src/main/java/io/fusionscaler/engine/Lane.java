package io.fusionscaler.engine;

import io.fusionscaler.fusion.SignalOutcome;
import io.fusionscaler.signal.RefreshDeadline;
import io.fusionscaler.signal.SignalPace;
import io.fusionscaler.signal.SignalSpec;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The specs of one source that refresh together (one Kafka cluster, say), refreshed on a worker of the engine's
 * pool once per refresh interval and whenever a new spec joins. A source may also ask for some of its specs alone
 * ({@link #requestOnly}): those are refreshed by themselves, without waiting for the lane's interval or paying for the
 * whole lane, which is what keeps a wake-up fast on a cluster with a thousand triggers. A lane never runs twice at
 * once: requests while it runs make it run once more right after, and a request that races with its end is not lost
 * ({@link #request()}). Each refresh has the source's budget: when it passes, the engine records every spec of the
 * batch as failed, naming the budget, interrupts the worker and ignores whatever the source returns later.
 */
final class Lane {

    private static final Logger LOG = Logger.getLogger(Lane.class);

    /** Where a lane's outcomes go. */
    interface Sink {
        /** Records the outcome of every spec of one refresh. */
        void record(Set<SignalSpec> batch, Map<SignalSpec, SignalOutcome> outcomes, Instant at);
    }

    private final LaneKey key;
    private final SignalPace pace;
    private final SignalSources sources;
    private final Sink sink;
    private final RefreshObserver observer;
    private final ScheduledExecutorService timers;
    private final ExecutorService workers;
    private final Clock clock;
    private final Set<SignalSpec> members = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicBoolean wholeLaneRequested = new AtomicBoolean();
    private final Set<SignalSpec> requestedAlone = ConcurrentHashMap.newKeySet();
    private final AtomicLong settled = new AtomicLong();
    private final Object workerLock = new Object();
    private volatile boolean retired;
    private volatile long lastStartNanos;
    private long workerGeneration = -1;
    private Thread worker;
    private ScheduledFuture<?> nextRun;

    Lane(LaneKey key, SignalPace pace, SignalSources sources, Sink sink, RefreshObserver observer,
         ScheduledExecutorService timers, ExecutorService workers, Clock clock) {
        this.key = key;
        this.pace = pace;
        this.sources = sources;
        this.sink = sink;
        this.observer = observer;
        this.timers = timers;
        this.workers = workers;
        this.clock = clock;
    }

    /** Adds a spec; true when it is new to this lane. */
    boolean add(SignalSpec spec) {
        return members.add(spec);
    }

    void remove(SignalSpec spec) {
        members.remove(spec);
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    /** Stops scheduling this lane; a refresh under way finishes, but the lane does not run again. */
    synchronized void retire() {
        retired = true;
        if (nextRun != null) {
            nextRun.cancel(false);
        }
    }

    /**
     * Asks for a refresh now: started on a free worker, or run once more as soon as the current one ends. Requests are
     * counted: only the worker that brings the count back to zero stops, so a request that arrives while a refresh
     * ends is either seen by that worker or starts a new one, and never two run at once.
     */
    void request() {
        wholeLaneRequested.set(true);
        startOrQueue();
    }

    /** Asks for a refresh of {@code spec} alone, now or right after the refresh under way; a whole-lane refresh covers it. */
    void requestOnly(SignalSpec spec) {
        requestedAlone.add(spec);
        startOrQueue();
    }

    private void startOrQueue() {
        if (retired || requests.getAndIncrement() > 0) {
            return;
        }
        try {
            workers.execute(this::run);
        } catch (RejectedExecutionException e) {
            requests.set(0);
        }
    }

    private void run() {
        try {
            int seen;
            do {
                seen = requests.get();
                if (!retired) {
                    refreshRequested();
                }
            } while (requests.addAndGet(-seen) > 0);
        } finally {
            scheduleNext();
        }
    }

    private synchronized void scheduleNext() {
        if (retired) {
            return;
        }
        if (nextRun != null) {
            nextRun.cancel(false);
        }
        long dueInNanos = lastStartNanos + pace.refreshInterval().toNanos() - System.nanoTime();
        try {
            nextRun = timers.schedule(this::request, Math.max(0, dueInNanos), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            retired = true;
        }
    }

    private void refreshRequested() {
        boolean wholeLane = wholeLaneRequested.getAndSet(false);
        Set<SignalSpec> alone = new HashSet<>();
        for (Iterator<SignalSpec> it = requestedAlone.iterator(); it.hasNext(); ) {
            alone.add(it.next());
            it.remove();
        }
        if (wholeLane) {
            lastStartNanos = System.nanoTime();
            refreshOnce(Set.copyOf(members), true);
        } else {
            alone.retainAll(members);
            refreshOnce(alone, false);
        }
    }

    /** Refreshes {@code batch}; only whole-lane refreshes are reported to the observers, whose figures describe lanes. */
    private void refreshOnce(Set<SignalSpec> batch, boolean wholeLane) {
        if (batch.isEmpty()) {
            return;
        }
        long generation = settled.get() + 1;
        Instant start = clock.instant();
        ScheduledFuture<?> watchdog;
        try {
            watchdog = timers.schedule(() -> overrun(generation, batch, start, wholeLane),
                    pace.refreshBudget().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return; // the engine is stopping
        }
        synchronized (workerLock) {
            worker = Thread.currentThread();
            workerGeneration = generation;
        }
        Map<SignalSpec, SignalOutcome> outcomes;
        try {
            outcomes = sources.refresh(key.type(), batch, RefreshDeadline.after(pace.refreshBudget()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "the %s source failed unexpectedly", key.type().getSimpleName());
            outcomes = Map.of();
        } finally {
            watchdog.cancel(false);
            synchronized (workerLock) {
                worker = null;
                workerGeneration = -1;
            }
            Thread.interrupted(); // an overrun's interrupt is meant for the refresh just ended, not for the next task
        }
        if (settled.compareAndSet(generation - 1, generation)) {
            settle(batch, outcomes, start, false, wholeLane);
        }
    }

    private void overrun(long generation, Set<SignalSpec> batch, Instant start, boolean wholeLane) {
        if (!settled.compareAndSet(generation - 1, generation)) {
            return;
        }
        synchronized (workerLock) {
            if (workerGeneration == generation && worker != null) {
                worker.interrupt();
            }
        }
        SignalOutcome failed = new SignalOutcome.Failed("no answer within the refresh budget of "
                + pace.refreshBudget().toMillis() + " ms (" + pace.budgetKey() + ")");
        Map<SignalSpec, SignalOutcome> outcomes = new HashMap<>();
        batch.forEach(spec -> outcomes.put(spec, failed));
        settle(batch, outcomes, start, true, wholeLane);
    }

    private void settle(Set<SignalSpec> batch, Map<SignalSpec, SignalOutcome> outcomes, Instant start, boolean overran,
                        boolean wholeLane) {
        Instant end = clock.instant();
        Map<SignalSpec, SignalOutcome> complete = new HashMap<>();
        int failed = 0;
        String firstFailure = null;
        for (SignalSpec spec : batch) {
            SignalOutcome outcome = outcomes.getOrDefault(spec,
                    new SignalOutcome.Failed("internal error: the " + spec.signal() + " source returned no result"));
            complete.put(spec, outcome);
            if (outcome instanceof SignalOutcome.Failed f) {
                failed++;
                firstFailure = firstFailure == null || f.reason().compareTo(firstFailure) < 0 ? f.reason() : firstFailure;
            }
        }
        try {
            sink.record(batch, complete, end);
            if (!wholeLane) {
                return;
            }
            SignalSpec any = batch.iterator().next();
            observer.laneRefreshed(new LaneRefresh(any.signal(), any.laneLabel(), Duration.between(start, end),
                    batch.size(), failed, firstFailure, overran));
        } catch (RuntimeException e) {
            LOG.errorf(e, "recording a refresh of %s failed", key);
        }
    }
}
