package io.fusionscaler.signal.kafka;

/**
 * One partition's lag, twice: {@code scaling} may leave out a persistent lag, {@code activation} never does.
 */
public record PartitionLag(long scaling, long activation) {

    static final PartitionLag NONE = new PartitionLag(0, 0);

    static PartitionLag of(long lag) {
        return new PartitionLag(lag, lag);
    }
}
