package dev.kumo.gateway.compute;

import jakarta.enterprise.context.RequestScoped;

/** The microversion the current request negotiated; 2.1 when the client asked for none. */
@RequestScoped
public class RequestedMicroversion {

    private Microversion value = Microversion.MIN;

    public Microversion get() {
        return value;
    }

    public boolean atLeast(int minor) {
        return value.atLeast(minor);
    }

    void set(Microversion version) {
        this.value = version;
    }
}
