package io.fusionscaler.gpuagent.device;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What {@code nvidia-smi} (the driver's own tool, reading NVML through its own binding) says about each GPU: the
 * reference the device tests hold our readings against.
 */
public final class NvidiaSmi {

    private static final String FIELDS = "index,uuid,name,driver_version,memory.total,memory.used,memory.free,utilization.gpu";

    /**
     * One GPU as {@code nvidia-smi --query-gpu} prints it.
     *
     * @param totalMiB           {@code memory.total}, MiB
     * @param usedMiB            {@code memory.used}, MiB
     * @param freeMiB            {@code memory.free}, MiB
     * @param utilizationPercent {@code utilization.gpu}, percent; empty where it prints {@code [N/A]} (MIG)
     */
    public record Gpu(int index, String uuid, String name, String driverVersion, long totalMiB, long usedMiB, long freeMiB,
                      Optional<Integer> utilizationPercent) {
    }

    private NvidiaSmi() {
    }

    /** Whether this machine has {@code nvidia-smi} on its path: the device tier runs only there. */
    public static boolean present() {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> new File(dir, "nvidia-smi").canExecute());
    }

    public static List<Gpu> gpus() {
        return run("--query-gpu=" + FIELDS, "--format=csv,noheader,nounits").lines()
                .filter(line -> !line.isBlank())
                .map(NvidiaSmi::parse)
                .toList();
    }

    static Gpu parse(String line) {
        String[] f = line.split(",\\s*");
        if (f.length != 8) {
            throw new IllegalStateException("nvidia-smi printed an unexpected row: " + line);
        }
        return new Gpu(Integer.parseInt(f[0]), f[1], f[2], f[3], Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]),
                f[7].matches("\\d+") ? Optional.of(Integer.parseInt(f[7])) : Optional.empty());
    }

    private static String run(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "nvidia-smi";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("nvidia-smi failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
