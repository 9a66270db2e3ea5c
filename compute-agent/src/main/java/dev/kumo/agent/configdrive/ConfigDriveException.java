package dev.kumo.agent.configdrive;

/** A config drive could not be written; the message says why, with genisoimage's own words when it failed. */
public class ConfigDriveException extends RuntimeException {

    public ConfigDriveException(String message) {
        super(message);
    }

    public ConfigDriveException(String message, Throwable cause) {
        super(message, cause);
    }
}
