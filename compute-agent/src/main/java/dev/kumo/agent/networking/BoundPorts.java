package dev.kumo.agent.networking;

import dev.kumo.contracts.instance.AttachedPort;
import dev.kumo.contracts.instance.GuestNic;
import java.util.List;

/** The ports bound for a spawn: the nics the host realizes and the ports the instance reports it is plugged into. */
public record BoundPorts(List<GuestNic> nics, List<AttachedPort> attached) {

    public static final BoundPorts NONE = new BoundPorts(List.of(), List.of());

    public BoundPorts {
        nics = List.copyOf(nics);
        attached = List.copyOf(attached);
    }
}
