package dev.kumo.contracts;

/**
 * A message one service sends another over Kafka. Every implementation is an immutable record
 * annotated with {@link Contract}, which names its type and schema version on the wire.
 */
public interface Message {

    /** The Kafka record key: messages with the same key keep their order. */
    String key();
}
