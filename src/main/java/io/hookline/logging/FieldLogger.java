package io.hookline.logging;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.jboss.logmanager.Logger;

/**
 * Logs a line with {@link LogFields} attached to that line's record, where the JSON console log
 * writes them as {@code mdc} fields, beside whatever the thread's MDC holds.
 *
 * <p>Written by hand, not with {@code MDC.put} around the call: Hookline logs from Vert.x event
 * loops, and there Quarkus's MDC (VertxMDC, 3.33) keeps each value in a new duplicated context of
 * the loop's context, so the value put is not the one the log record reads, and the line goes out
 * without its fields. A field on the record belongs to exactly one line, whatever thread it is on.
 */
public final class FieldLogger {

    private static final String LOGGER_CLASS_NAME = FieldLogger.class.getName();

    private final Logger logger;

    private FieldLogger(Logger logger) {
        this.logger = logger;
    }

    public static FieldLogger of(Class<?> owner) {
        return new FieldLogger(Logger.getLogger(owner.getName()));
    }

    public void infof(LogFields fields, String format, Object... parameters) {
        log(Level.INFO, fields, format, parameters);
    }

    public void warnf(LogFields fields, String format, Object... parameters) {
        log(Level.WARN, fields, format, parameters);
    }

    private void log(Level level, LogFields fields, String format, Object[] parameters) {
        if (!logger.isLoggable(level)) {
            return;
        }
        ExtLogRecord record = new ExtLogRecord(level, format, ExtLogRecord.FormatStyle.PRINTF, LOGGER_CLASS_NAME);
        record.setParameters(parameters);
        record.setLoggerName(logger.getName());
        fields.asMap().forEach(record::putMdc);
        logger.logRaw(record);
    }
}
