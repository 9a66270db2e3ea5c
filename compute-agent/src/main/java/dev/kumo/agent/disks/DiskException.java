package dev.kumo.agent.disks;

/** A guest's disk could not be made, read or changed; the message says why. */
public class DiskException extends RuntimeException {

    public DiskException(String message, Throwable cause) {
        super(message, cause);
    }
}
