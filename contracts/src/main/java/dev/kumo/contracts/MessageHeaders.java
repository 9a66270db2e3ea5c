package dev.kumo.contracts;

/** Kafka record headers every Kumo message carries. */
public final class MessageHeaders {

    /** Unique id of the message; consumers use it to ignore redeliveries. */
    public static final String MESSAGE_ID = "kumo-message-id";

    /** The {@link Contract#type()} of the payload. */
    public static final String TYPE = "kumo-type";

    /** The {@link Contract#version()} of the payload. */
    public static final String VERSION = "kumo-version";

    /** The request id of the API call that caused the message, carried into every log line. */
    public static final String REQUEST_ID = "x-openstack-request-id";

    private MessageHeaders() {
    }
}
