package io.fusionscaler.engine;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs a lane's failures once per change of state, not once per refresh: a trigger that fails every second
 * must not flood the log (its reason is in the explain view and the metrics all along).
 */
@ApplicationScoped
public class LaneFailureLog implements RefreshObserver {

    private static final Logger LOG = Logger.getLogger(LaneFailureLog.class);
    private static final int MAX_REASON = 300;

    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    @Override
    public void laneRefreshed(LaneRefresh refresh) {
        String lane = refresh.signal() + " lane '" + refresh.lane() + "'";
        if (refresh.failed() == 0) {
            if (failing.remove(lane)) {
                LOG.infof("%s refreshes fully again", lane);
            }
        } else if (failing.add(lane)) {
            LOG.warnf("%s: %d of %d specs failing, e.g.: %s", lane, refresh.failed(), refresh.specs(), shortened(refresh.firstFailure()));
        }
    }

    private static String shortened(String reason) {
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "…";
    }
}
