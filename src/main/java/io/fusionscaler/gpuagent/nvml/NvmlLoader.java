package io.fusionscaler.gpuagent.nvml;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Loads NVML through JNA. A missing library (no driver on the node, or the container runtime did not inject it)
 * is {@code LIBRARY_NOT_FOUND}, as NVML's own wrappers report it, never an exception.
 */
public final class NvmlLoader {

    /** JNA keeps search paths per library name for the life of the process: each is added once. */
    private static final Set<String> ADDED_SEARCH_PATHS = new HashSet<>();

    private NvmlLoader() {
    }

    /**
     * @param library    a library name JNA resolves ({@code libnvidia-ml.so.1}: the search path first, then the
     *                   system's loader paths) or an absolute path
     * @param searchPath directories searched for {@code library} before the system's paths
     * @param jnaTmpdir  where JNA unpacks its own native part (must be writable; {@code java.io.tmpdir} if empty).
     *                   Applies to the first load in this process only.
     */
    public static NvmlResult<NvmlApi> load(String library, List<String> searchPath, Optional<String> jnaTmpdir) {
        jnaTmpdir.ifPresent(dir -> System.setProperty("jna.tmpdir", dir));
        String function = "dlopen(" + library + ")";
        try {
            addSearchPath(library, searchPath);
            return NvmlResult.ok(new JnaNvml(Native.load(library, NvmlLibrary.class)));
        } catch (UnsatisfiedLinkError e) {
            return NvmlResult.failed(NvmlReturn.LIBRARY_NOT_FOUND, function, firstLine(e.getMessage()));
        } catch (LinkageError e) {
            // JNA's static initializer failed: it could not unpack or load its libjnidispatch (jna.tmpdir not writable?).
            return NvmlResult.failed(NvmlReturn.LIBRARY_NOT_FOUND, function, "JNA could not start: " + e);
        }
    }

    private static synchronized void addSearchPath(String library, List<String> searchPath) {
        for (String dir : searchPath) {
            if (ADDED_SEARCH_PATHS.add(library + '\0' + dir)) {
                NativeLibrary.addSearchPath(library, dir);
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return null;
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
