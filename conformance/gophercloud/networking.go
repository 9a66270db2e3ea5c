package main

// The networking resources of the Terraform OpenStack provider, replayed as alice: what a configuration
// with a network, a subnet, a security group with rules, a router with an interface, a floating IP, and a
// server on that network whose port gets a floating IP, makes the provider do (create, the state it waits for,
// read, update where the provider updates in place, delete, and the poll until 404).

import (
	"fmt"
	"time"

	"github.com/gophercloud/gophercloud"
	"github.com/gophercloud/gophercloud/openstack/compute/v2/servers"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/external"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/layer3/floatingips"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/layer3/routers"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/security/groups"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/security/rules"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/networks"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/ports"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/subnets"
)

// networking replays the life cycles in the order Terraform applies and destroys such a configuration.
func (r *replay) networking() {
	if r.network == nil {
		return
	}
	networkID := r.networkV2()
	if networkID == "" {
		return
	}
	subnetID := r.subnetV2(networkID)
	r.secgroupV2()
	if subnetID == "" {
		r.deleteNetworkV2(networkID)
		return
	}
	routerID, interfacePort := r.routerV2WithInterface(subnetID)
	if routerID != "" && interfacePort != "" {
		r.floatingIPV2(networkID)
		r.instanceWithFloatingIP(networkID)
	}
	if routerID != "" {
		r.deleteRouterV2(routerID, subnetID, interfacePort)
	}
	r.deleteSubnetV2(subnetID)
	r.deleteNetworkV2(networkID)
}

// ---- openstack_networking_network_v2 ---------------------------------------------------------------

func (r *replay) networkV2() string {
	step := "network_v2 create"
	name := "tf-network-" + r.run
	n, err := networks.Create(r.network, networks.CreateOpts{Name: name, AdminStateUp: boolPtr(true)}).Extract()
	if err != nil {
		r.deviate(step, "POST /v2.0/networks: %v", describe(err))
		return ""
	}
	r.deferCleanup(func() { networks.Delete(r.network, n.ID) })
	// resourceNetworkingNetworkV2Create waits from BUILD to ACTIVE.
	if !r.waitForStatus(step, func() (string, error) {
		got, err := networks.Get(r.network, n.ID).Extract()
		if err != nil {
			return "", err
		}
		return got.Status, nil
	}, []string{"BUILD"}, []string{"ACTIVE"}) {
		return ""
	}
	r.ok(step + " " + n.ID)

	step = "network_v2 read"
	var read struct {
		networks.Network
		external.NetworkExternalExt
	}
	if err := networks.Get(r.network, n.ID).ExtractInto(&read); err != nil {
		r.deviate(step, "GET /v2.0/networks/%s: %v", n.ID, describe(err))
	} else if r.check(step, read.Name == name && read.AdminStateUp && !read.Shared && !read.External,
		"got name %q admin_state_up %v shared %v external %v", read.Name, read.AdminStateUp, read.Shared, read.External) {
		r.ok(step)
	}

	step = "network_v2 update"
	renamed := name + "-renamed"
	if u, err := networks.Update(r.network, n.ID, networks.UpdateOpts{Name: &renamed}).Extract(); err != nil {
		r.deviate(step, "PUT /v2.0/networks/%s: %v", n.ID, describe(err))
	} else if r.check(step, u.Name == renamed, "name %q after update, want %q", u.Name, renamed) {
		r.ok(step)
	}
	return n.ID
}

func (r *replay) deleteNetworkV2(id string) {
	r.deleteAndWait("network_v2 delete", "/v2.0/networks/"+id,
		func() error { return networks.Delete(r.network, id).ExtractErr() },
		func() error { _, err := networks.Get(r.network, id).Extract(); return err })
}

// ---- openstack_networking_subnet_v2 ----------------------------------------------------------------

func (r *replay) subnetV2(networkID string) string {
	step := "subnet_v2 create"
	gateway := "192.168.199.1"
	s, err := subnets.Create(r.network, subnets.CreateOpts{
		NetworkID: networkID, Name: "tf-subnet-" + r.run, CIDR: "192.168.199.0/24", IPVersion: gophercloud.IPv4,
		GatewayIP:       &gateway,
		AllocationPools: []subnets.AllocationPool{{Start: "192.168.199.100", End: "192.168.199.200"}},
		DNSNameservers:  []string{"198.51.100.53"},
		EnableDHCP:      boolPtr(true),
	}).Extract()
	if err != nil {
		r.deviate(step, "POST /v2.0/subnets: %v", describe(err))
		return ""
	}
	r.deferCleanup(func() { subnets.Delete(r.network, s.ID) })
	r.ok(step + " " + s.ID)

	step = "subnet_v2 read"
	if got, err := subnets.Get(r.network, s.ID).Extract(); err != nil {
		r.deviate(step, "GET /v2.0/subnets/%s: %v", s.ID, describe(err))
	} else if r.check(step, got.CIDR == "192.168.199.0/24" && got.GatewayIP == gateway && len(got.AllocationPools) == 1 &&
		got.AllocationPools[0].Start == "192.168.199.100" && got.NetworkID == networkID && got.EnableDHCP,
		"got cidr %s gateway %s pools %v network %s", got.CIDR, got.GatewayIP, got.AllocationPools, got.NetworkID) {
		r.ok(step)
	}

	step = "subnet_v2 update"
	name := "tf-subnet-renamed-" + r.run
	servers := []string{"198.51.100.53", "198.51.100.54"}
	if u, err := subnets.Update(r.network, s.ID, subnets.UpdateOpts{Name: &name, DNSNameservers: &servers}).Extract(); err != nil {
		r.deviate(step, "PUT /v2.0/subnets/%s: %v", s.ID, describe(err))
	} else if r.check(step, u.Name == name && len(u.DNSNameservers) == 2, "got name %q dns %v", u.Name, u.DNSNameservers) {
		r.ok(step)
	}
	return s.ID
}

func (r *replay) deleteSubnetV2(id string) {
	r.deleteAndWait("subnet_v2 delete", "/v2.0/subnets/"+id,
		func() error { return subnets.Delete(r.network, id).ExtractErr() },
		func() error { _, err := subnets.Get(r.network, id).Extract(); return err })
}

// ---- openstack_networking_secgroup_v2 and openstack_networking_secgroup_rule_v2 ----------------------

func (r *replay) secgroupV2() {
	step := "secgroup_v2 create"
	g, err := groups.Create(r.network, groups.CreateOpts{Name: "tf-secgroup-" + r.run, Description: "replay"}).Extract()
	if err != nil {
		r.deviate(step, "POST /v2.0/security-groups: %v", describe(err))
		return
	}
	r.deferCleanup(func() { groups.Delete(r.network, g.ID) })
	r.check(step, len(g.Rules) == 2, "a new group has %d rules, Neutron gives it 2 (egress IPv4 and IPv6)", len(g.Rules))
	r.ok(step + " " + g.ID)

	var ruleIDs []string
	for _, opts := range []rules.CreateOpts{
		{Direction: rules.DirIngress, EtherType: rules.EtherType4, Protocol: rules.ProtocolTCP, PortRangeMin: 22,
			PortRangeMax: 22, RemoteIPPrefix: "0.0.0.0/0", SecGroupID: g.ID},
		{Direction: rules.DirIngress, EtherType: rules.EtherType6, Protocol: rules.ProtocolICMP, SecGroupID: g.ID},
	} {
		step = fmt.Sprintf("secgroup_rule_v2 create %s %s", opts.EtherType, opts.Protocol)
		rule, err := rules.Create(r.network, opts).Extract()
		if err != nil {
			r.deviate(step, "POST /v2.0/security-group-rules: %v", describe(err))
			continue
		}
		ruleIDs = append(ruleIDs, rule.ID)
		if got, err := rules.Get(r.network, rule.ID).Extract(); err != nil {
			r.deviate(step, "GET /v2.0/security-group-rules/%s: %v", rule.ID, describe(err))
		} else if r.check(step, got.SecGroupID == g.ID && got.Direction == "ingress" && got.Protocol == string(opts.Protocol),
			"read back %+v", got) {
			r.ok(step + " " + rule.ID)
		}
	}

	step = "secgroup_v2 update"
	name := "tf-secgroup-renamed-" + r.run
	if u, err := groups.Update(r.network, g.ID, groups.UpdateOpts{Name: name}).Extract(); err != nil {
		r.deviate(step, "PUT /v2.0/security-groups/%s: %v", g.ID, describe(err))
	} else if r.check(step, u.Name == name && len(u.Rules) == 2+len(ruleIDs), "got name %q with %d rules", u.Name, len(u.Rules)) {
		r.ok(step)
	}

	for _, id := range ruleIDs {
		id := id
		r.deleteAndWait("secgroup_rule_v2 delete", "/v2.0/security-group-rules/"+id,
			func() error { return rules.Delete(r.network, id).ExtractErr() },
			func() error { _, err := rules.Get(r.network, id).Extract(); return err })
	}
	r.deleteAndWait("secgroup_v2 delete", "/v2.0/security-groups/"+g.ID,
		func() error { return groups.Delete(r.network, g.ID).ExtractErr() },
		func() error { _, err := groups.Get(r.network, g.ID).Extract(); return err })
}

// ---- openstack_networking_router_v2 and openstack_networking_router_interface_v2 ---------------------

func (r *replay) routerV2WithInterface(subnetID string) (string, string) {
	externalID := r.externalNetwork()
	step := "router_v2 create"
	opts := routers.CreateOpts{Name: "tf-router-" + r.run, AdminStateUp: boolPtr(true)}
	if externalID != "" {
		opts.GatewayInfo = &routers.GatewayInfo{NetworkID: externalID}
	}
	router, err := routers.Create(r.network, opts).Extract()
	if err != nil {
		r.deviate(step, "POST /v2.0/routers: %v", describe(err))
		return "", ""
	}
	r.deferCleanup(func() { routers.Delete(r.network, router.ID) })
	if !r.waitForStatus(step, func() (string, error) {
		got, err := routers.Get(r.network, router.ID).Extract()
		if err != nil {
			return "", err
		}
		return got.Status, nil
	}, []string{"BUILD", "PENDING_CREATE", "PENDING_UPDATE"}, []string{"ACTIVE"}) {
		return "", ""
	}
	r.ok(step + " " + router.ID)

	step = "router_v2 read"
	if got, err := routers.Get(r.network, router.ID).Extract(); err != nil {
		r.deviate(step, "GET /v2.0/routers/%s: %v", router.ID, describe(err))
	} else if r.check(step, externalID == "" || (got.GatewayInfo.NetworkID == externalID && len(got.GatewayInfo.ExternalFixedIPs) == 1),
		"external_gateway_info %+v, want network %s with one fixed IP", got.GatewayInfo, externalID) {
		r.ok(step)
	}

	step = "router_v2 update"
	name := "tf-router-renamed-" + r.run
	if u, err := routers.Update(r.network, router.ID, routers.UpdateOpts{Name: name}).Extract(); err != nil {
		r.deviate(step, "PUT /v2.0/routers/%s: %v", router.ID, describe(err))
	} else if r.check(step, u.Name == name, "name %q after update", u.Name) {
		r.ok(step)
	}

	step = "router_interface_v2 create"
	info, err := routers.AddInterface(r.network, router.ID, routers.AddInterfaceOpts{SubnetID: subnetID}).Extract()
	if err != nil {
		r.deviate(step, "PUT /v2.0/routers/%s/add_router_interface: %v", router.ID, describe(err))
		return router.ID, ""
	}
	r.deferCleanup(func() { routers.RemoveInterface(r.network, router.ID, routers.RemoveInterfaceOpts{SubnetID: subnetID}) })
	// resourceNetworkingRouterInterfaceV2Create waits for the interface's port to be ACTIVE (or DOWN).
	if !r.waitForStatus(step, func() (string, error) {
		p, err := ports.Get(r.network, info.PortID).Extract()
		if err != nil {
			return "", err
		}
		return p.Status, nil
	}, []string{"BUILD", "PENDING_CREATE", "PENDING_UPDATE"}, []string{"ACTIVE", "DOWN"}) {
		return router.ID, ""
	}
	r.check(step, info.SubnetID == subnetID, "answered subnet %s, want %s", info.SubnetID, subnetID)
	r.ok(step + " port " + info.PortID)
	return router.ID, info.PortID
}

func (r *replay) deleteRouterV2(routerID, subnetID, interfacePort string) {
	if interfacePort != "" {
		step := "router_interface_v2 delete"
		if _, err := routers.RemoveInterface(r.network, routerID, routers.RemoveInterfaceOpts{SubnetID: subnetID}).Extract(); err != nil {
			r.deviate(step, "PUT /v2.0/routers/%s/remove_router_interface: %v", routerID, describe(err))
		} else {
			r.waitGone(step, "/v2.0/ports/"+interfacePort, func() error {
				_, err := ports.Get(r.network, interfacePort).Extract()
				return err
			})
		}
	}
	r.deleteAndWait("router_v2 delete", "/v2.0/routers/"+routerID,
		func() error { return routers.Delete(r.network, routerID).ExtractErr() },
		func() error { _, err := routers.Get(r.network, routerID).Extract(); return err })
}

// externalNetwork is the provider's lookup of a floating IP "pool" and a router's external network by name.
func (r *replay) externalNetwork() string {
	name := env("TF_EXTERNAL_NETWORK_NAME", "public")
	step := "external network lookup"
	pages, err := networks.List(r.network, external.ListOptsExt{ListOptsBuilder: networks.ListOpts{Name: name},
		External: boolPtr(true)}).AllPages()
	if err != nil {
		r.deviate(step, "GET /v2.0/networks?name=%s&router:external=true: %v", name, describe(err))
		return ""
	}
	list, err := networks.ExtractNetworks(pages)
	if err != nil || len(list) != 1 {
		r.deviate(step, "GET /v2.0/networks?name=%s&router:external=true: %d networks (%v), want 1", name, len(list), err)
		return ""
	}
	r.ok(step + " " + name + " -> " + list[0].ID)
	return list[0].ID
}

// ---- openstack_networking_floatingip_v2 ------------------------------------------------------------

func (r *replay) floatingIPV2(networkID string) {
	externalID := r.externalNetwork()
	if externalID == "" {
		return
	}
	step := "port_v2 create (for the floating IP)"
	port, err := ports.Create(r.network, ports.CreateOpts{NetworkID: networkID, Name: "tf-port-" + r.run,
		AdminStateUp: boolPtr(true)}).Extract()
	if err != nil {
		r.deviate(step, "POST /v2.0/ports: %v", describe(err))
		return
	}
	r.deferCleanup(func() { ports.Delete(r.network, port.ID) })
	r.ok(step + " " + port.ID)

	step = "floatingip_v2 create"
	fip, err := floatingips.Create(r.network, floatingips.CreateOpts{FloatingNetworkID: externalID}).Extract()
	if err != nil {
		r.deviate(step, "POST /v2.0/floatingips: %v", describe(err))
	} else {
		r.deferCleanup(func() { floatingips.Delete(r.network, fip.ID) })
		// resourceNetworkFloatingIPV2Create waits from BUILD to ACTIVE or DOWN.
		if r.waitForStatus(step, func() (string, error) {
			got, err := floatingips.Get(r.network, fip.ID).Extract()
			if err != nil {
				return "", err
			}
			return got.Status, nil
		}, []string{"BUILD"}, []string{"ACTIVE", "DOWN"}) {
			r.ok(step + " " + fip.FloatingIP)
		}

		step = "floatingip_v2 update (associate port_id)"
		if u, err := floatingips.Update(r.network, fip.ID, floatingips.UpdateOpts{PortID: &port.ID}).Extract(); err != nil {
			r.deviate(step, "PUT /v2.0/floatingips/%s: %v", fip.ID, describe(err))
		} else if r.check(step, u.PortID == port.ID && u.FixedIP != "", "port_id %q fixed_ip %q", u.PortID, u.FixedIP) {
			r.ok(step + " -> " + u.FixedIP)
		}

		step = "floatingip_v2 read"
		if got, err := floatingips.Get(r.network, fip.ID).Extract(); err != nil {
			r.deviate(step, "GET /v2.0/floatingips/%s: %v", fip.ID, describe(err))
		} else if r.check(step, got.FloatingNetworkID == externalID && got.PortID == port.ID,
			"network %s port %s", got.FloatingNetworkID, got.PortID) {
			r.ok(step)
		}

		step = "floatingip_v2 update (disassociate)"
		empty := ""
		if u, err := floatingips.Update(r.network, fip.ID, floatingips.UpdateOpts{PortID: &empty}).Extract(); err != nil {
			r.deviate(step, "PUT /v2.0/floatingips/%s {port_id: null}: %v", fip.ID, describe(err))
		} else if r.check(step, u.PortID == "", "port_id %q after disassociation", u.PortID) {
			r.ok(step)
		}

		r.deleteAndWait("floatingip_v2 delete", "/v2.0/floatingips/"+fip.ID,
			func() error { return floatingips.Delete(r.network, fip.ID).ExtractErr() },
			func() error { _, err := floatingips.Get(r.network, fip.ID).Extract(); return err })
	}
	r.deleteAndWait("port_v2 delete", "/v2.0/ports/"+port.ID,
		func() error { return ports.Delete(r.network, port.ID).ExtractErr() },
		func() error { _, err := ports.Get(r.network, port.ID).Extract(); return err })
}

// ---- openstack_compute_instance_v2 on the network, with openstack_networking_floatingip_associate_v2 ----------

// instanceWithFloatingIP boots a server on the replay's network (network { uuid = ... }), finds its port as a
// configuration does (data "openstack_networking_port_v2" { device_id, network_id }), allocates a floating IP and
// associates it with that port (openstack_networking_floatingip_associate_v2: look the address up, PUT port_id),
// waits for the compute API to show it among the server's addresses, then destroys it all in Terraform's order.
func (r *replay) instanceWithFloatingIP(networkID string) {
	externalID := r.externalNetwork()
	if externalID == "" {
		return
	}
	network, err := networks.Get(r.network, networkID).Extract()
	if err != nil {
		r.deviate("instance on network", "GET /v2.0/networks/%s: %v", networkID, describe(err))
		return
	}
	step := "instance_v2 create (network uuid)"
	server, err := servers.Create(r.compute, servers.CreateOpts{
		Name: "tf-fip-web-" + r.run, ImageRef: r.imageID(), FlavorRef: r.flavorIDFromName(env("TF_FLAVOR_NAME", "m1.nano")),
		Networks: []servers.Network{{UUID: networkID}},
	}).Extract()
	if err != nil {
		r.deviate(step, "POST /servers: %v", describe(err))
		return
	}
	r.deferCleanup(func() { servers.Delete(r.compute, server.ID) })
	if !r.waitFor(step+": wait for ACTIVE", server.ID, []string{"BUILD"}, []string{"ACTIVE"}) {
		return
	}
	fixed, _ := r.serverAddress(server.ID, network.Name, "fixed")
	if !r.check(step, fixed != "", "addresses have no fixed IP under network %q", network.Name) {
		return
	}
	r.ok(step + " " + server.ID + " at " + fixed)

	step = "port lookup (device_id, network_id)"
	pages, err := ports.List(r.network, ports.ListOpts{DeviceID: server.ID, NetworkID: networkID}).AllPages()
	var found []ports.Port
	if err == nil {
		found, err = ports.ExtractPorts(pages)
	}
	if err != nil || len(found) != 1 {
		r.deviate(step, "GET /v2.0/ports?device_id=%s&network_id=%s: %d ports (%v), want 1", server.ID, networkID, len(found), describe(err))
		r.deleteInstance(server.ID)
		return
	}
	port := found[0]
	r.ok(step + " -> " + port.ID)

	step = "floatingip_v2 create (for the instance)"
	fip, err := floatingips.Create(r.network, floatingips.CreateOpts{FloatingNetworkID: externalID}).Extract()
	if err != nil {
		r.deviate(step, "POST /v2.0/floatingips: %v", describe(err))
		r.deleteInstance(server.ID)
		return
	}
	r.deferCleanup(func() { floatingips.Delete(r.network, fip.ID) })
	r.ok(step + " " + fip.FloatingIP)

	r.associateFloatingIP(fip.FloatingIP, port.ID)
	shown := r.waitForAddress("floatingip_associate_v2: the server's addresses show it", server.ID, network.Name, fip.FloatingIP, true)
	if shown {
		step = "floatingip_associate_v2 delete (disassociate)"
		empty := ""
		if _, err := floatingips.Update(r.network, fip.ID, floatingips.UpdateOpts{PortID: &empty}).Extract(); err != nil {
			r.deviate(step, "PUT /v2.0/floatingips/%s {port_id: null}: %v", fip.ID, describe(err))
		} else {
			r.ok(step)
			r.waitForAddress("floatingip_associate_v2 delete: the server's addresses drop it", server.ID, network.Name, fip.FloatingIP, false)
		}
	}
	r.deleteAndWait("floatingip_v2 delete (the instance's)", "/v2.0/floatingips/"+fip.ID,
		func() error { return floatingips.Delete(r.network, fip.ID).ExtractErr() },
		func() error { _, err := floatingips.Get(r.network, fip.ID).Extract(); return err })
	r.deleteInstance(server.ID)
}

// associateFloatingIP is the association resource's create and read: the floating IP is found by its address, then
// given the port.
func (r *replay) associateFloatingIP(address, portID string) {
	step := "floatingip_associate_v2 create"
	pages, err := floatingips.List(r.network, floatingips.ListOpts{FloatingIP: address}).AllPages()
	var list []floatingips.FloatingIP
	if err == nil {
		list, err = floatingips.ExtractFloatingIPs(pages)
	}
	if err != nil || len(list) != 1 {
		r.deviate(step, "GET /v2.0/floatingips?floating_ip_address=%s: %d floating IPs (%v), want 1", address, len(list), describe(err))
		return
	}
	id := list[0].ID
	if u, err := floatingips.Update(r.network, id, floatingips.UpdateOpts{PortID: &portID}).Extract(); err != nil {
		r.deviate(step, "PUT /v2.0/floatingips/%s {port_id}: %v", id, describe(err))
		return
	} else if !r.check(step, u.PortID == portID && u.FixedIP != "", "port_id %q fixed_ip %q", u.PortID, u.FixedIP) {
		return
	}
	if got, err := floatingips.Get(r.network, id).Extract(); err != nil {
		r.deviate(step, "GET /v2.0/floatingips/%s: %v", id, describe(err))
	} else if r.check(step, got.PortID == portID, "read back port_id %q, want %q", got.PortID, portID) {
		r.ok(step + " " + address + " -> port " + portID)
	}
}

// waitForAddress polls the server every 3 s (bounded by TF_TIMEOUT) until its addresses under the network do (or,
// present false, no longer) list the floating IP as Nova does: type floating, with the port's MAC.
func (r *replay) waitForAddress(step, serverID, networkName, address string, present bool) bool {
	deadline := time.Now().Add(r.timeout)
	for {
		got, mac := r.serverAddress(serverID, networkName, "floating")
		if present && got == address {
			if r.check(step, mac != "", "the floating entry has no OS-EXT-IPS-MAC:mac_addr") {
				r.ok(step)
			}
			return true
		}
		if !present && got != address {
			r.ok(step)
			return true
		}
		if time.Now().After(deadline) {
			r.deviate(step, "GET /servers/%s: after %v the addresses under %q still %s %s", serverID, r.timeout,
				networkName, map[bool]string{true: "lack", false: "list"}[present], address)
			return false
		}
		time.Sleep(pollInterval)
	}
}

// serverAddress is the first address of that type under the network in GET /servers/{id}, with its MAC.
func (r *replay) serverAddress(serverID, networkName, kind string) (string, string) {
	server, err := servers.Get(r.compute, serverID).Extract()
	if err != nil {
		fmt.Printf("note GET /servers/%s: %v\n", serverID, describe(err))
		return "", ""
	}
	entries, _ := server.Addresses[networkName].([]interface{})
	for _, e := range entries {
		entry, _ := e.(map[string]interface{})
		if entry["OS-EXT-IPS:type"] == kind {
			addr, _ := entry["addr"].(string)
			mac, _ := entry["OS-EXT-IPS-MAC:mac_addr"].(string)
			return addr, mac
		}
	}
	return "", ""
}

func (r *replay) deleteInstance(id string) {
	if err := servers.Delete(r.compute, id).ExtractErr(); err != nil && !isStatus(err, 404) {
		r.deviate("instance_v2 delete (network uuid)", "DELETE /servers/%s: %v", id, describe(err))
		return
	}
	if r.waitFor("instance_v2 delete (network uuid): wait until 404", id, []string{"ACTIVE", "SHUTOFF"}, []string{"DELETED", "SOFT_DELETED"}) {
		r.ok("instance_v2 delete (network uuid)")
	}
}

// ---- the provider's waits --------------------------------------------------------------------------

// waitForStatus polls like the provider's StateChangeConf: pending states go on, a target ends it.
func (r *replay) waitForStatus(step string, get func() (string, error), pending, target []string) bool {
	deadline := time.Now().Add(r.timeout)
	for {
		status, err := get()
		switch {
		case err != nil && isRetryable(err):
			fmt.Printf("note %s: %v, retrying\n", step, describe(err))
		case err != nil:
			r.deviate(step, "%v", describe(err))
			return false
		case contains(target, status):
			return true
		case !contains(pending, status):
			r.deviate(step, "unexpected status %q, wanted %v while %v (the provider fails here)", status, target, pending)
			return false
		}
		if time.Now().After(deadline) {
			r.deviate(step, "still %q after %v", status, r.timeout)
			return false
		}
		time.Sleep(pollInterval)
	}
}

// deleteAndWait is the provider's delete: DELETE (409 retried, 404 fine), then poll GET until 404.
func (r *replay) deleteAndWait(step, path string, del func() error, get func() error) {
	deadline := time.Now().Add(r.timeout)
	for {
		err := del()
		if err == nil || isStatus(err, 404) {
			break
		}
		if !isRetryable(err) || time.Now().After(deadline) {
			r.deviate(step, "DELETE %s: %v", path, describe(err))
			return
		}
		fmt.Printf("note %s: %v, retrying\n", step, describe(err))
		time.Sleep(pollInterval)
	}
	r.waitGone(step, path, get)
}

func (r *replay) waitGone(step, path string, get func() error) {
	deadline := time.Now().Add(r.timeout)
	for {
		err := get()
		if isStatus(err, 404) {
			r.ok(step)
			return
		}
		if err != nil && !isRetryable(err) {
			r.deviate(step, "GET %s: %v, want 404", path, describe(err))
			return
		}
		if time.Now().After(deadline) {
			r.deviate(step, "GET %s still answers after %v, want 404", path, r.timeout)
			return
		}
		time.Sleep(pollInterval)
	}
}
