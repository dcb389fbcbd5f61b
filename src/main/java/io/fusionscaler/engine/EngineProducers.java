package io.fusionscaler.engine;

import io.fusionscaler.signal.SignalParser;
import io.fusionscaler.trigger.TriggerParser;
import io.quarkus.arc.All;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

public class EngineProducers {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Signals in a fixed order (by name), so decisions and explanations list them the same way everywhere. */
    @Produces
    @Singleton
    TriggerParser triggerParser(@All List<SignalParser> parsers) {
        return new TriggerParser(parsers.stream().sorted(Comparator.comparing(SignalParser::signal)).collect(Collectors.toList()));
    }
}
