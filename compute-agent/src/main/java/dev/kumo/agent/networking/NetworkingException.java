package dev.kumo.agent.networking;

/** The host could not make or remove part of a tenant network; the message says which part and why. */
public class NetworkingException extends RuntimeException {

    public NetworkingException(String message) {
        super(message);
    }

    public NetworkingException(String message, Throwable cause) {
        super(message, cause);
    }
}
