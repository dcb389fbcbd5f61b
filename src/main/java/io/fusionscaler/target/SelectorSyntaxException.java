package io.fusionscaler.target;

/** Text that is not a label selector; the message names the position and the problem. */
public final class SelectorSyntaxException extends Exception {

    public SelectorSyntaxException(String message) {
        super(message);
    }
}
