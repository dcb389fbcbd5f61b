package io.fusionscaler.demo;

/** Prints the demo's lines, each with the seconds since the demo started. */
final class Timeline {

    private static final long START = System.nanoTime();

    private Timeline() {
    }

    static synchronized void print(String line) {
        System.out.printf("[%6.1fs] %s%n", (System.nanoTime() - START) / 1e9, line);
    }
}
