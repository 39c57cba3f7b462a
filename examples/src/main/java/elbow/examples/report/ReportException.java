package elbow.examples.report;

/** The report could not read a run's output or write the page; the message names the file. */
final class ReportException extends RuntimeException {
    ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
