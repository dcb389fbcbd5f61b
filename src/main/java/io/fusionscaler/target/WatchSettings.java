package io.fusionscaler.target;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/** How watches are started: the informers' resync period and the clock their health is judged by. */
record WatchSettings(Duration resync, Clock clock) {

    /** {@code namespace shop}, or {@code all namespaces} for a cluster-wide watch (null namespace). */
    static String where(String namespace) {
        return namespace == null ? "all namespaces" : "namespace " + namespace;
    }

    <T extends HasMetadata, V> Watch<T, V> start(String description, MixedOperation<T, ?, ?> operation, String namespace,
            Function<T, V> convert, Supplier<T> stubs) {
        Informable<T> scope = namespace == null ? operation.inAnyNamespace() : operation.inNamespace(namespace);
        return new Watch<>(description, scope.runnableInformer(resync.toMillis()), new ConvertingStore<>(convert, stubs), clock);
    }
}
