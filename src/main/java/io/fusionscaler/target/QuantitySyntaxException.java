package io.fusionscaler.target;

/** Text that is not a Kubernetes quantity; the message says why and quotes the text (bounded). */
public final class QuantitySyntaxException extends Exception {

    public QuantitySyntaxException(String message) {
        super(message);
    }
}
