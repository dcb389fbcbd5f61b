package io.fusionscaler.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Process and machine figures from Linux's /proc (NaN or -1 where they cannot be read). */
final class ProcFs {

    private static final double CLOCK_TICKS = clockTicks();

    private ProcFs() {
    }

    /** User plus system CPU time of a process, in seconds. */
    static double cpuSeconds(long pid) {
        return pid < 0 ? Double.NaN : statCpuSeconds(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /**
     * User plus system CPU time of this process's threads whose name starts with {@code prefix} (Linux keeps 15
     * characters of a name: the JIT compilers are "C1 CompilerThre", "C2 CompilerThre"), in seconds.
     */
    static double threadsCpuSeconds(String prefix) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(task -> threadName(task).startsWith(prefix)).mapToDouble(task -> statCpuSeconds(task.resolve("stat")))
                    .filter(seconds -> !Double.isNaN(seconds)).sum();
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String threadName(Path task) {
        try {
            return Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static double statCpuSeconds(Path stat) {
        try {
            String line = Files.readString(stat, StandardCharsets.US_ASCII);
            // fields after the command name, which is in parentheses and may hold blanks
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            // utime and stime are fields 14 and 15 of the whole line, i.e. 11 and 12 after the name and state
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** A {@code kB} line of /proc/<pid>/status (VmRSS, VmHWM), in MiB. */
    static double statusMib(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith(key + ":")) {
                    String[] parts = line.substring(key.length() + 1).trim().split("\\s+");
                    return Long.parseLong(parts[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return Double.NaN;
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8);
            for (String line : lines) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "unknown";
    }

    static double memTotalGib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return Double.NaN;
    }

    private static double clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            getconf.waitFor();
            return Double.parseDouble(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
