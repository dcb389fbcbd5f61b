package io.fusionscaler.role;

/**
 * A bean that runs work of its own (threads, timers, checks) and belongs to one role. Such beans never start
 * themselves: {@link RoleStarter} starts those of the configured role, in bean priority order, and stops them
 * in reverse order, so nothing of one role runs in a process playing the other.
 */
public interface RoleComponent {

    void start();

    default void stop() {
    }

    /** Part of the scaler role. */
    interface OfScaler extends RoleComponent {
    }

    /** Part of the gpu-agent role. */
    interface OfGpuAgent extends RoleComponent {
    }
}
