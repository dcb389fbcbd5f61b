package io.fusionscaler.signal.kafka;

import java.util.OptionalLong;

/**
 * The lag of one trigger's partitions, summed and capped the way KEDA does it.
 *
 * @param lag               total scaling lag, before any cap
 * @param activationLag     total lag including persistent lag; decides activity
 * @param reportedLag       KEDA's metric value: the lag after even distribution and the replica cap
 * @param partitions        partitions counted, after partitionLimitation
 * @param partitionsWithLag partitions whose scaling lag is above zero
 * @param replicaCap        the replica upper bound; empty with allowIdleConsumers
 * @param desiredReplicas   replicas asked for
 * @param active            whether the lag alone keeps the workload active
 */
public record LagResult(long lag, long activationLag, long reportedLag, int partitions, int partitionsWithLag,
                        OptionalLong replicaCap, long desiredReplicas, boolean active) {
}
