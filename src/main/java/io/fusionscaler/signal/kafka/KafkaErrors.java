package io.fusionscaler.signal.kafka;

import org.apache.kafka.common.errors.TimeoutException;

import java.util.ArrayList;
import java.util.List;

/** Turns Kafka client exceptions into short texts for users. */
final class KafkaErrors {

    private KafkaErrors() {
    }

    /** The messages of {@code error} and its causes, most general first, without repeats. */
    static String describe(Throwable error) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = error; t != null && parts.size() < 4; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (parts.stream().noneMatch(p -> p.contains(message))) {
                parts.add(message);
            }
        }
        return String.join(": ", parts);
    }

    static boolean isTimeout(Throwable error) {
        return error instanceof TimeoutException || error instanceof java.util.concurrent.TimeoutException;
    }
}
