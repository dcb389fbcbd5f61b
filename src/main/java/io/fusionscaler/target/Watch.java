package io.fusionscaler.target;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fusionscaler.signal.RefreshDeadline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One shared watch (a fabric8 informer) of one resource in one namespace or the whole cluster, with its converting
 * cache and its health: whether it has synced, whether it is watching now, and the last error it met. It retries
 * forever (with the client's back-off), so an API server that comes back is picked up without a restart.
 */
final class Watch<T extends HasMetadata, V> {

    /** A lookup waits for a first sync only this long after the watch started; later it answers at once. */
    static final Duration FIRST_SYNC_WAIT = Duration.ofSeconds(10);

    private final String description;
    private final SharedIndexInformer<T> informer;
    private final ConvertingStore<T, V> store;
    private final Clock clock;
    private final Instant startedAt;
    private final CompletableFuture<Void> synced;
    private volatile Throwable lastError;
    private volatile Instant downSince;

    Watch(String description, SharedIndexInformer<T> informer, ConvertingStore<T, V> store, Clock clock) {
        this.description = description;
        this.informer = informer;
        this.store = store;
        this.clock = clock;
        this.startedAt = clock.instant();
        informer.itemStore(store);
        informer.exceptionHandler((started, error) -> {
            lastError = error;
            return true;
        });
        this.synced = informer.start().toCompletableFuture();
    }

    /** {@code pods in namespace shop}, as messages show it. */
    String description() {
        return description;
    }

    /**
     * Waits for the first sync if the watch is new and the deadline allows, then says why the cache cannot be trusted
     * now, if it cannot: never synced, or down (reconnecting) for longer than {@code outageLimit}.
     */
    Optional<String> problem(RefreshDeadline deadline, Duration outageLimit) {
        if (!synced.isDone()) {
            awaitFirstSync(deadline);
        }
        if (!informer.hasSynced()) {
            return Optional.of("the watch of " + description + " has not synced" + lastErrorText());
        }
        Instant now = clock.instant();
        if (informer.isWatching()) {
            downSince = null;
            return Optional.empty();
        }
        Instant since = downSince;
        if (since == null) {
            downSince = now;
            return Optional.empty();
        }
        if (Duration.between(since, now).compareTo(outageLimit) > 0) {
            return Optional.of("the watch of " + description + " has been down for " + Duration.between(since, now).toSeconds()
                    + " s (reconnecting)" + lastErrorText());
        }
        return Optional.empty();
    }

    Optional<V> get(String namespace, String name) {
        return store.value(namespace, name);
    }

    Stream<V> matching(String namespace, PodSelector selector) {
        return store.matching(namespace, selector);
    }

    void stop() {
        informer.stop();
    }

    private void awaitFirstSync(RefreshDeadline deadline) {
        long leftOfFirstWait = Duration.between(clock.instant(), startedAt.plus(FIRST_SYNC_WAIT)).toMillis();
        long wait = Math.min(leftOfFirstWait, deadline.remainingMillis() * 4 / 5);
        if (wait <= 0) {
            return;
        }
        try {
            synced.get(wait, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the state is read from the informer right after
        }
    }

    private String lastErrorText() {
        Throwable error = lastError;
        if (error == null) {
            return "";
        }
        return ": " + KubernetesErrors.describe(error);
    }
}
