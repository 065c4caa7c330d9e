package io.privtune.core.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The tests play an application that brings its own SLF4J binding (Logback): this collects every record
 * the libraries log under {@code io.privtune} while it is open.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(String name) {
        if (!(LoggerFactory.getLogger(name) instanceof Logger logback)) {
            throw new IllegalStateException(
                    "SLF4J is not bound to Logback on the test classpath: " + LoggerFactory.getILoggerFactory());
        }
        this.logger = logback;
        appender.start();
        logger.addAppender(appender);
    }

    /** Everything PrivTune logs. */
    public static LogCapture privtune() {
        return new LogCapture("io.privtune");
    }

    public List<ILoggingEvent> events() {
        synchronized (appender) { // ListAppender appends under the appender's own lock (AppenderBase.doAppend)
            return List.copyOf(appender.list);
        }
    }

    /** The formatted messages, in order. */
    public List<String> messages() {
        return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
