package dev.kumo.contracts;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a message on the wire. The type is stable across renames of the Java record; the version
 * grows when a field changes meaning. Readers ignore fields they do not know, so adding an
 * optional field keeps the version.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Contract {

    /** The wire name, e.g. {@code instance.build}. */
    String type();

    /** The schema version, starting at 1. */
    int version() default 1;

    /** The topic the message travels on. */
    String topic();
}
