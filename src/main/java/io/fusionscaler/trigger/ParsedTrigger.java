package io.fusionscaler.trigger;

/** The outcome of reading trigger metadata: a spec, or the key and rule it broke. */
public sealed interface ParsedTrigger {

    record Valid(TriggerSpec spec) implements ParsedTrigger {
    }

    record Invalid(String key, String rule) implements ParsedTrigger {

        public String message() {
            return "metadata key '" + key + "': " + rule;
        }
    }
}
