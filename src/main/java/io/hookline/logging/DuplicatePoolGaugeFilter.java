package io.hookline.logging;

import io.quarkus.logging.LoggingFilter;
import org.jboss.logmanager.ExtLogRecord;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Drops Micrometer's start-up warning that the reactive SQL client's {@code queue.size} gauge is
 * registered twice: the client registers it once per pool it opens and Micrometer keeps the
 * first, so nothing is lost (quarkusio/quarkus#47504, fixed after the Quarkus version Hookline
 * uses). Any other duplicate meter still warns.
 */
@LoggingFilter(name = DuplicatePoolGaugeFilter.NAME)
public final class DuplicatePoolGaugeFilter implements Filter {

    public static final String NAME = "duplicate-pool-gauge";

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        return message == null || !(message.startsWith("This Gauge has been already registered")
                && message.contains("queue.size") && message.contains("clientType=sql"));
    }
}
