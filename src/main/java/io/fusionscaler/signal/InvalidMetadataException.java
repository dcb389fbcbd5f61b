package io.fusionscaler.signal;

/**
 * A trigger metadata key breaks a rule. Thrown by signal parsers inside {@link TriggerParser}, which
 * turns it into an {@link ParsedTrigger.Invalid} value; it never crosses that boundary. The key is held as an
 * {@link Excerpt}, since an unknown key comes from outside and may be of any length.
 */
public final class InvalidMetadataException extends Exception {

    private final String key;
    private final String rule;

    public InvalidMetadataException(String key, String rule) {
        super("metadata key '" + Excerpt.of(key) + "': " + rule);
        this.key = Excerpt.of(key);
        this.rule = rule;
    }

    public String key() {
        return key;
    }

    public String rule() {
        return rule;
    }
}
