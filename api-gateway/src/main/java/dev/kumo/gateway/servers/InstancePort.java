package dev.kumo.gateway.servers;

import dev.kumo.contracts.instance.AttachedPort;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.Arrays;
import java.util.List;

/** A port the instance is plugged into, as its host reported it; {@code fixedIps} comma-separated. */
@Embeddable
public class InstancePort {

    @Column(name = "port_id")
    public String portId;

    @Column(name = "network_id")
    public String networkId;

    @Column(name = "network_name")
    public String networkName;

    @Column(name = "mac_address")
    public String macAddress;

    @Column(name = "fixed_ips")
    public String fixedIps;

    @Column(name = "made_for_instance")
    public boolean madeForInstance;

    static InstancePort of(AttachedPort port) {
        InstancePort entry = new InstancePort();
        entry.portId = port.portId();
        entry.networkId = port.networkId();
        entry.networkName = port.networkName() == null || port.networkName().isEmpty() ? port.networkId()
                : port.networkName();
        entry.macAddress = port.macAddress();
        entry.fixedIps = String.join(",", port.fixedIps());
        entry.madeForInstance = port.madeForInstance();
        return entry;
    }

    List<String> addresses() {
        return fixedIps.isEmpty() ? List.of() : Arrays.asList(fixedIps.split(","));
    }
}
