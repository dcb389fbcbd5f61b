package io.fusionscaler.signal.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The lag-rate policy of one trigger: desired = ceil((λ_in + lag / T_drain) / μ), capped at the partition count, then
 * held up by the down-scale stabilization. This is the arithmetic of Flink's autoscaler for sources (target rate = input
 * rate + lag / catch-up duration, over the true processing rate) with μ learned from committed offsets.
 *
 * <p>μ, what one replica processes per second, is learned only from a full rate window at one replica count in which
 * the backlog at the window's start covered everything consumed during it: the consumers never waited for input, so
 * their rate is their capacity. A consumer that keeps up processes only what arrives; its rate is the input, not its
 * capacity, and learning it would ask for one replica more at every step. Such a window only raises μ when it shows
 * more than the current estimate (nobody processes faster than they can). Until μ is learned, the configured replica
 * rate stands in; with neither, and while λ_in is unknown (one sample), the answer is the caller's fallback. The
 * down-scale stabilization records only the answers of the rate arithmetic, so a fallback answer given at the start is
 * not held for a whole window once the rates are known; a fallback answer is still held up by recent rate answers.
 *
 * <p>A change of replica count starts a new window and keeps μ (it is per replica), so a rebalance causes no spike.
 * Counts that go backwards (a rewind or an offset reset, Burrow's rule 2) restart the rate history; μ and the
 * stabilization are kept, since neither the replicas' speed nor past answers changed.
 *
 * <p>One instance per trigger; pure (java.* only), so a simulator can drive the real policy with a synthetic clock.
 */
public final class LagRateModel {

    /** Floating-point noise (2.0000000001 for an exact 2) must not cost a replica. */
    private static final double ROUNDING_SLACK = 1e-9;

    private final LagRateSettings settings;
    private final RateHistory history;
    private final DownscaleStabilization stabilization;
    private OptionalDouble observedReplicaRate = OptionalDouble.empty();

    public LagRateModel(LagRateSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.history = new RateHistory(settings.rateWindow());
        this.stabilization = new DownscaleStabilization(settings.scaleDownStabilization());
    }

    /**
     * Takes one refresh's figures and answers. While λ_in or μ is unknown it holds the current replica count (0 when
     * that is unknown too); use {@link #observe(Instant, long, long, long, long, OptionalInt, long)} to fall back to
     * another policy instead.
     *
     * @param produced        a cumulative count of messages produced to the counted partitions (the sum of their
     *                        log-end offsets); only differences are used, a decrease restarts the rate history
     * @param consumed        the same for messages consumed (the sum of their committed offsets)
     * @param lag             the lag that may add replicas (stalled partitions left out)
     * @param partitionCap    the most replicas that can get work ({@link Long#MAX_VALUE} for none)
     * @param currentReplicas the replicas consuming now, when known
     */
    public LagRateDecision observe(Instant at, long produced, long consumed, long lag, long partitionCap, OptionalInt currentReplicas) {
        return observe(at, produced, consumed, lag, partitionCap, currentReplicas, currentReplicas.orElse(0));
    }

    /**
     * As {@link #observe(Instant, long, long, long, long, OptionalInt)}, answering {@code fallbackReplicas} while λ_in or μ
     * is unknown: capped, and held up by recent rate answers, but never recorded for the stabilization.
     */
    public synchronized LagRateDecision observe(Instant at, long produced, long consumed, long lag, long partitionCap,
                                                OptionalInt currentReplicas, long fallbackReplicas) {
        List<String> reason = new ArrayList<>();
        history.add(new RateHistory.Sample(at, produced, consumed, Math.max(0, lag), currentReplicas)).ifPresent(reason::add);
        history.replicaThroughput().ifPresent(this::learn);
        OptionalDouble inputRate = history.inputRate();
        OptionalDouble replicaRate = replicaRate();
        boolean fallback = inputRate.isEmpty() || replicaRate.isEmpty();
        long wanted;
        if (fallback) {
            wanted = fallbackReplicas;
            reason.add("fallback (" + unknown(currentReplicas) + "): " + fallbackReplicas);
        } else {
            double needed = (Math.max(0, inputRate.getAsDouble()) + Math.max(0, lag) / RateHistory.seconds(settings.drainTarget()))
                    / replicaRate.getAsDouble();
            wanted = (long) Math.ceil(needed - ROUNDING_SLACK);
            reason.add(String.format(Locale.ROOT, "ceil((λ_in %.2f/s + lag %d / %s) / μ %.2f/s %s) = %d", inputRate.getAsDouble(),
                    lag, text(settings.drainTarget()), replicaRate.getAsDouble(), replicaRateSource(), wanted));
        }
        long capped = Math.max(0, Math.min(wanted, partitionCap));
        if (capped < wanted) {
            reason.add("capped at " + partitionCap + " (partitions)");
        }
        long desired = Math.min(fallback ? stabilization.hold(at, capped) : stabilization.record(at, capped), partitionCap);
        if (desired > capped) {
            reason.add("held at " + desired + " by the down-scale stabilization (highest of the last "
                    + text(settings.scaleDownStabilization()) + ")");
        }
        return new LagRateDecision(desired, inputRate, replicaRate, drainTime(lag, inputRate, replicaRate, currentReplicas),
                String.join("; ", reason));
    }

    private void learn(RateHistory.ReplicaThroughput throughput) {
        OptionalDouble current = replicaRate();
        if (throughput.backlogged() || current.isPresent() && throughput.perReplica() > current.getAsDouble()) {
            observedReplicaRate = OptionalDouble.of(throughput.perReplica());
        }
    }

    private OptionalDouble replicaRate() {
        return observedReplicaRate.isPresent() ? observedReplicaRate : settings.replicaRate();
    }

    private String replicaRateSource() {
        return observedReplicaRate.isPresent() ? "observed" : "from lagReplicaRate";
    }

    private String unknown(OptionalInt currentReplicas) {
        if (replicaRate().isPresent()) {
            return "produce rate unknown until a second sample";
        }
        if (currentReplicas.isEmpty()) {
            return "processing rate per replica unknown: the replica count of the target is unknown and lagReplicaRate is not set";
        }
        return "processing rate per replica not measured yet: it needs a backlog that lasts a whole " + text(settings.rateWindow())
                + " rate window at one replica count, and lagReplicaRate is not set";
    }

    static String text(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    /** lag / (replicas × μ − λ_in): how long the current replicas take to clear the lag while the input keeps coming. */
    private static Optional<Duration> drainTime(long lag, OptionalDouble inputRate, OptionalDouble replicaRate, OptionalInt replicas) {
        if (lag <= 0) {
            return Optional.of(Duration.ZERO);
        }
        if (inputRate.isEmpty() || replicaRate.isEmpty() || replicas.isEmpty()) {
            return Optional.empty();
        }
        double surplus = replicas.getAsInt() * replicaRate.getAsDouble() - Math.max(0, inputRate.getAsDouble());
        if (surplus <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) Math.ceil(lag / surplus * 1000)));
    }
}
