package io.fusionscaler.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Command-line validators from Debian packages (yamllint, promtool from {@code prometheus}). A missing one is
 * installed with apt-get when this runs as root on Debian, as on the project's machines and CI; elsewhere the
 * test fails naming the package to install.
 */
final class DebianTools {

    private DebianTools() {
    }

    static Path require(String command, String debianPackage) {
        Path found = onPath(command);
        if (found == null && Files.isExecutable(Path.of("/usr/bin/apt-get")) && "root".equals(System.getProperty("user.name"))) {
            if (!run(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", debianPackage))) {
                run(List.of("apt-get", "update", "-q"));
                run(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", debianPackage));
            }
            found = onPath(command);
        }
        if (found == null) {
            throw new AssertionError(command + " is missing: install the Debian package " + debianPackage);
        }
        return found;
    }

    /** Runs a command to completion; returns its exit code and output. */
    static Result exec(List<String> command, String stdin) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError(command + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(command + " interrupted", e);
        }
    }

    record Result(int exitCode, String output) {
    }

    private static boolean run(List<String> command) {
        List<String> withEnv = new ArrayList<>(List.of("env", "DEBIAN_FRONTEND=noninteractive"));
        withEnv.addAll(command);
        return exec(withEnv, null).exitCode() == 0;
    }

    private static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
