package io.fusionscaler.role;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/** The process-wide role switch, {@code fusion.role}. */
@ConfigMapping(prefix = "fusion.role")
public interface RoleConfig {

    /** {@code scaler} (KEDA's external scaler) or {@code gpu-agent} (the per-node NVML agent, a DaemonSet). */
    @WithParentName
    @WithDefault("scaler")
    Role role();
}
