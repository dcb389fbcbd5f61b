package io.fusionscaler.target;

import java.util.Objects;

/** A value read from an API object, or why it could not be read (e.g. a selector with an unknown operator). */
record Read<V>(V value, String problem) {

    Read {
        if ((value == null) == (problem == null)) {
            throw new IllegalArgumentException("exactly one of value and problem");
        }
    }

    static <V> Read<V> of(V value) {
        return new Read<>(Objects.requireNonNull(value, "value"), null);
    }

    static <V> Read<V> failed(String problem) {
        return new Read<>(null, problem);
    }

    boolean ok() {
        return value != null;
    }
}
