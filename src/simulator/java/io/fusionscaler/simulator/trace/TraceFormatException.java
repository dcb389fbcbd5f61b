package io.fusionscaler.simulator.trace;

/** A trace file that cannot be read; the message names the source, the line and the problem. */
public final class TraceFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public TraceFormatException(String message) {
        super(message);
    }
}
