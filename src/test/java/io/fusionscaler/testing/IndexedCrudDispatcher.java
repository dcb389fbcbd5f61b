package io.fusionscaler.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;

import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fabric8 mock API server's CRUD dispatcher, answering recorded expectations first as the server's CRUD mode does
 * (the server itself expects {@code /} and {@code /version}), with one difference: an object named in a request is
 * found through an index by name. The library finds it by comparing every stored object, and does so on every create,
 * so seeding n objects cost n²/2 comparisons (1,000 targets × 20 pods did not finish in 10 minutes). Lists and watches
 * still compare every object, as they do there.
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

    private final Map<ServerRequest, Queue<ServerResponse>> expectations;
    private final MockDispatcher expected;
    private final Map<Attribute, Set<AttributeSet>> byName = new ConcurrentHashMap<>();
    /** Cleared for good if an object is ever stored under another key than the one indexed: every lookup scans then. */
    private volatile boolean indexComplete = true;

    IndexedCrudDispatcher(Map<ServerRequest, Queue<ServerResponse>> expectations) {
        this.expectations = expectations;
        this.expected = new MockDispatcher(expectations);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Queue<ServerResponse> queued = expectations.get(new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
        return queued != null && !queued.isEmpty() ? expected.dispatch(request) : super.dispatch(request);
    }

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
        Attribute name = attributes.getAttribute(KubernetesAttributesExtractor.NAME);
        if (!indexComplete || name == null || name.getType() != AttributeType.WITH) {
            return super.findResource(attributes);
        }
        for (AttributeSet key : byName.getOrDefault(name, Set.of())) {
            String stored = map.get(key);
            if (stored != null && key.matches(attributes)) {
                return Map.entry(key, stored);
            }
        }
        return null;
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes, GenericKubernetesResource resource,
                             String newState) {
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        if (oldAttributes != null) {
            Attribute name = oldAttributes.getAttribute(KubernetesAttributesExtractor.NAME);
            if (name != null) {
                byName.computeIfPresent(name, (n, keys) -> {
                    keys.remove(oldAttributes);
                    return keys.isEmpty() ? null : keys;
                });
            }
        }
        if (newState != null) {
            index(storedKey(pathAttributes, resource, newState));
        }
    }

    @Override
    public void reset() {
        super.reset();
        byName.clear();
    }

    /** The key the library has just stored the object under, computed as it computes it. */
    private AttributeSet storedKey(AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
        KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
        AttributeSet key = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
        return key.containsKey(KubernetesAttributesExtractor.PLURAL) ? key : AttributeSet.merge(pathAttributes, key);
    }

    private void index(AttributeSet key) {
        Attribute name = key.getAttribute(KubernetesAttributesExtractor.NAME);
        if (!map.containsKey(key) || name == null) {
            indexComplete = false;
            return;
        }
        byName.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(key);
    }
}
