package io.fusionscaler.target;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * An informer's store that keeps, per object, only what the scaler reads ({@code V}, e.g. a {@link TargetPod}) and a
 * stub holding the object's identity (name, namespace, uid, resourceVersion), which is all the informer itself
 * compares. Full objects (pod specs, templates, managed fields) are dropped as they arrive, so the cache's memory
 * grows with what is read, not with the size of the objects. Values are indexed by namespace and by every
 * {@code key=value} label, so the objects a selector matches are found without scanning a namespace.
 *
 * @param <T> the watched type
 * @param <V> what is kept of it
 */
final class ConvertingStore<T extends HasMetadata, V> implements ItemStore<T> {

    private record Entry<T, V>(T stub, V value, String namespace, Map<String, String> labels) {
    }

    private final Function<T, V> convert;
    private final Supplier<T> stubs;
    private final Map<String, Entry<T, V>> entries = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> index = new ConcurrentHashMap<>();

    ConvertingStore(Function<T, V> convert, Supplier<T> stubs) {
        this.convert = convert;
        this.stubs = stubs;
    }

    @Override
    public String getKey(T obj) {
        return key(obj.getMetadata().getNamespace(), obj.getMetadata().getName());
    }

    static String key(String namespace, String name) {
        return namespace == null ? name : namespace + "/" + name;
    }

    @Override
    public T put(String key, T obj) {
        ObjectMeta meta = obj.getMetadata();
        T stub = stubs.get();
        stub.setMetadata(new ObjectMetaBuilder().withName(meta.getName()).withNamespace(meta.getNamespace())
                .withUid(meta.getUid()).withResourceVersion(meta.getResourceVersion()).build());
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : Map.copyOf(meta.getLabels());
        Entry<T, V> entry = new Entry<>(stub, convert.apply(obj), meta.getNamespace(), labels);
        indexKeys(entry).forEach(k -> index.computeIfAbsent(k, x -> ConcurrentHashMap.newKeySet()).add(key));
        Entry<T, V> previous = entries.put(key, entry);
        if (previous != null) {
            unindex(key, previous, entry);
        }
        return previous == null ? null : previous.stub();
    }

    @Override
    public T remove(String key) {
        Entry<T, V> previous = entries.remove(key);
        if (previous == null) {
            return null;
        }
        unindex(key, previous, null);
        return previous.stub();
    }

    @Override
    public Stream<String> keySet() {
        return entries.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return entries.values().stream().map(Entry::stub);
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public T get(String key) {
        Entry<T, V> entry = entries.get(key);
        return entry == null ? null : entry.stub();
    }

    /** What is kept of object {@code namespace/name}, if it is in the cache. */
    Optional<V> value(String namespace, String name) {
        return Optional.ofNullable(entries.get(key(namespace, name))).map(Entry::value);
    }

    /** What is kept of every object of {@code namespace} whose labels {@code selector} matches. */
    Stream<V> matching(String namespace, PodSelector selector) {
        String bucket = selector.indexEntry().map(label -> labelKey(namespace, label)).orElse(namespaceKey(namespace));
        return index.getOrDefault(bucket, Set.of()).stream()
                .map(entries::get)
                .filter(e -> e != null && namespace.equals(e.namespace()) && selector.matches(e.labels()))
                .map(Entry::value);
    }

    private Stream<String> indexKeys(Entry<T, V> entry) {
        return Stream.concat(Stream.of(namespaceKey(entry.namespace())),
                entry.labels().entrySet().stream().map(l -> labelKey(entry.namespace(), l.getKey() + "=" + l.getValue())));
    }

    /** Drops the index entries of {@code previous} that {@code current} (null when removed) no longer has. */
    private void unindex(String key, Entry<T, V> previous, Entry<T, V> current) {
        Set<String> keep = current == null ? Set.of() : Set.copyOf(indexKeys(current).toList());
        indexKeys(previous).filter(k -> !keep.contains(k)).forEach(k -> index.computeIfPresent(k, (x, keys) -> {
            keys.remove(key);
            return keys.isEmpty() ? null : keys;
        }));
    }

    private static String namespaceKey(String namespace) {
        return namespace + "\u0000";
    }

    private static String labelKey(String namespace, String label) {
        return namespace + "\u0000" + label;
    }
}
