package dev.kumo.network.ipam;

import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.subnets.Subnet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * IP address management: gives a port its fixed IPs from its network's subnets. Each allocation locks its
 * subnet's row ({@code SELECT ... FOR UPDATE}) for the rest of the transaction, reads what is taken and takes the
 * first free address of the pools; concurrent allocations on one subnet therefore queue in the database, and the
 * allocation table's key (subnet, address) rejects a duplicate should anything ever get past that.
 */
@ApplicationScoped
public class Ipam {

    private final EntityManager entityManager;

    public Ipam(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Allocates the requested fixed IPs, or (requested null) Neutron's default: an address from the first IPv4
     * subnet with room, one from the first stateful IPv6 subnet with room, and the SLAAC address of each SLAAC subnet.
     */
    public List<IpAllocation> allocate(UUID portId, UUID networkId, String macAddress, List<FixedIpRequest> requested,
            boolean routerPort) {
        List<Subnet> subnets = Subnet.onNetwork(networkId);
        List<IpAllocation> allocations = new ArrayList<>();
        if (requested == null) {
            allocateDefault(portId, networkId, macAddress, subnets, allocations);
        } else {
            Set<String> seen = new HashSet<>();
            for (FixedIpRequest request : requested) {
                Subnet subnet = subnetFor(request, networkId, subnets);
                IpAllocation allocation = request.ipAddress() != null
                        ? allocateSpecific(portId, subnet, request.ipAddress(), routerPort, allocations.size())
                        : subnet.isAutoAddressed()
                                ? allocateSpecific(portId, subnet, eui64(subnet, macAddress), true, allocations.size())
                                : allocateNext(portId, subnet, allocations.size());
                if (allocation == null) {
                    throw exhausted(networkId);
                }
                if (!seen.add(allocation.subnetId + "/" + allocation.ipAddress)) {
                    throw NeutronError.badRequest("Duplicate IP address '" + allocation.ipAddress + "' in fixed_ips");
                }
                allocations.add(allocation);
            }
        }
        entityManager.flush();
        return allocations;
    }

    public void release(UUID portId) {
        // One by one rather than a bulk delete, so the persistence context forgets them before re-allocation.
        for (IpAllocation allocation : IpAllocation.ofPort(portId)) {
            allocation.delete();
        }
        entityManager.flush();
    }

    /** The address an EUI-64 (SLAAC) subnet gives this MAC: the /64 prefix and the MAC with ff:fe inserted. */
    public static IpAddress eui64(Subnet subnet, String macAddress) {
        String[] octets = macAddress.split(":");
        long id = 0;
        int[] bytes = new int[8];
        for (int i = 0, j = 0; i < 8; i++) {
            bytes[i] = i == 3 ? 0xff : i == 4 ? 0xfe : Integer.parseInt(octets[j++], 16);
        }
        bytes[0] ^= 0x02;
        for (int b : bytes) {
            id = (id << 8) | b;
        }
        BigInteger interfaceId = new BigInteger(Long.toUnsignedString(id));
        return new IpAddress(6, subnet.prefix().first().value().add(interfaceId));
    }

    private void allocateDefault(UUID portId, UUID networkId, String macAddress, List<Subnet> subnets,
            List<IpAllocation> allocations) {
        boolean hasV4 = false;
        boolean hasStatefulV6 = false;
        IpAllocation v4 = null;
        IpAllocation v6 = null;
        for (Subnet subnet : subnets) {
            if (subnet.ipVersion == 4) {
                hasV4 = true;
                if (v4 == null) {
                    v4 = allocateNext(portId, subnet, allocations.size());
                    if (v4 != null) {
                        allocations.add(v4);
                    }
                }
            } else if (subnet.isAutoAddressed()) {
                allocations.add(allocateSpecific(portId, subnet, eui64(subnet, macAddress), true, allocations.size()));
            } else {
                hasStatefulV6 = true;
                if (v6 == null) {
                    v6 = allocateNext(portId, subnet, allocations.size());
                    if (v6 != null) {
                        allocations.add(v6);
                    }
                }
            }
        }
        if ((hasV4 && v4 == null) || (hasStatefulV6 && v6 == null)) {
            throw exhausted(networkId);
        }
    }

    private Subnet subnetFor(FixedIpRequest request, UUID networkId, List<Subnet> subnets) {
        if (request.subnetId() != null) {
            Subnet subnet = subnets.stream().filter(s -> s.id.equals(request.subnetId())).findFirst()
                    .orElseThrow(() -> NeutronError.invalidOperation("Failed to create port on network " + networkId
                            + ", because fixed_ips included invalid subnet " + request.subnetId()));
            if (request.ipAddress() != null && !subnet.prefix().contains(request.ipAddress())) {
                throw new NeutronError(400, "InvalidIpForSubnet",
                        "IP address " + request.ipAddress() + " is not a valid IP for the specified subnet.");
            }
            return subnet;
        }
        if (request.ipAddress() == null) {
            throw NeutronError.invalidInput("fixed_ips", "each entry needs a subnet_id or an ip_address");
        }
        return subnets.stream().filter(s -> s.prefix().contains(request.ipAddress())).findFirst()
                .orElseThrow(() -> new NeutronError(400, "InvalidIpForNetwork", "IP address " + request.ipAddress()
                        + " is not a valid IP for any of the subnets on the specified network."));
    }

    private IpAllocation allocateSpecific(UUID portId, Subnet subnet, IpAddress address, boolean mayTakeGateway, int position) {
        Subnet locked = lock(subnet);
        String text = address.toString();
        if (IpAllocation.findById(new IpAllocation.Key(locked.id, text)) != null) {
            throw NeutronError.conflict("IpAddressAlreadyAllocated",
                    "IP address " + text + " already allocated in subnet " + locked.id);
        }
        if (!mayTakeGateway && text.equals(locked.gatewayIp)) {
            throw NeutronError.conflict("IpAddressInUse", "Unable to complete operation for network "
                    + locked.networkId + ". The IP address " + text + " is in use.");
        }
        return persist(portId, locked, text, position);
    }

    /** The first free address of the subnet's pools, or null when they are exhausted. */
    private IpAllocation allocateNext(UUID portId, Subnet subnet, int position) {
        Subnet locked = lock(subnet);
        Set<String> taken = new HashSet<>(entityManager.createQuery(
                "select a.ipAddress from IpAllocation a where a.subnetId = ?1", String.class)
                .setParameter(1, locked.id).getResultList());
        for (Map<String, String> pool : locked.allocationPools) {
            IpAddress last = IpAddress.parse(pool.get("end")).orElseThrow();
            for (IpAddress candidate = IpAddress.parse(pool.get("start")).orElseThrow(); candidate.compareTo(last) <= 0;
                    candidate = candidate.plus(1)) {
                String text = candidate.toString();
                if (!taken.contains(text) && !text.equals(locked.gatewayIp)) {
                    return persist(portId, locked, text, position);
                }
            }
        }
        return null;
    }

    private Subnet lock(Subnet subnet) {
        entityManager.lock(subnet, LockModeType.PESSIMISTIC_WRITE);
        entityManager.refresh(subnet);
        return subnet;
    }

    private IpAllocation persist(UUID portId, Subnet subnet, String address, int position) {
        IpAllocation allocation = new IpAllocation();
        allocation.subnetId = subnet.id;
        allocation.ipAddress = address;
        allocation.portId = portId;
        allocation.networkId = subnet.networkId;
        allocation.position = position;
        allocation.persist();
        entityManager.flush();
        return allocation;
    }

    private static NeutronError exhausted(UUID networkId) {
        return NeutronError.conflict("IpAddressGenerationFailure", "No more IP addresses available on network " + networkId + ".");
    }
}
