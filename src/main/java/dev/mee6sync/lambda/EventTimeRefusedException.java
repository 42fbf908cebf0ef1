package dev.mee6sync.lambda;

/** An event whose time is outside the accepted window: refused before any work, and ops are alerted at once. */
public class EventTimeRefusedException extends InvalidEventException {

    private final String job;

    public EventTimeRefusedException(String job, String message) {
        super(message);
        this.job = job;
    }

    /** The job the event named. */
    public String job() {
        return job;
    }
}
