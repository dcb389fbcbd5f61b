package io.fusionscaler.signal.queue;

import java.util.Objects;

/** What fetching one page gave. */
public sealed interface ScrapeResult {

    /** The page's text (HTTP 200, valid UTF-8, within the size limit). */
    record Page(String text) implements ScrapeResult {
        public Page {
            Objects.requireNonNull(text, "text");
        }
    }

    /** No usable page; {@code reason} is short and names what happened (refused, timed out, HTTP 503, too large...). */
    record Failure(String reason) implements ScrapeResult {
        public Failure {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
