package io.fusionscaler.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The benchmark's report: collected while the parts run, printed and written at the end. */
final class Report {

    private final StringBuilder text = new StringBuilder();

    /** Adds a line to the report and shows it at once as progress. */
    synchronized void line(String format, Object... args) {
        String line = args.length == 0 ? format : Stats.f(format, args);
        text.append(line).append('\n');
        progress("%s", line);
    }

    synchronized void blank() {
        text.append('\n');
    }

    /** Progress that is not part of the report. */
    static void progress(String format, Object... args) {
        System.out.println("[bench] " + Stats.f(format, args));
        System.out.flush();
    }

    synchronized String text() {
        return text.toString();
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text(), StandardCharsets.UTF_8);
    }
}
