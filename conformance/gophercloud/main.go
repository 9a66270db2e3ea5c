// Command terraform-replay drives Kumo through gophercloud the way the Terraform OpenStack provider's
// openstack_compute_keypair_v2 and openstack_compute_instance_v2 resources, and its networking resources
// (network, subnet, secgroup with rules, router with an interface, floating IP, a server on the network with a
// floating IP associated to its port; networking.go) do (create,
// read, update, delete, and the provider's state polling), and exits non-zero naming every step that
// deviated from what the provider expects of an OpenStack cloud.
//
// Configuration comes from the environment, like a clouds.yaml entry: OS_AUTH_URL, OS_USERNAME,
// OS_PASSWORD, OS_PROJECT_NAME, OS_USER_DOMAIN_NAME / OS_PROJECT_DOMAIN_NAME (default "Default"),
// OS_REGION_NAME (default RegionOne). What the "Terraform configuration" asks for: TF_FLAVOR_NAME
// (default m1.nano), TF_IMAGE_NAME (default: kumo-tiny, else the first image listed), TF_NETWORK_NAME
// (a network block naming it; none when unset, as in a configuration without one), TF_EXTERNAL_NETWORK_NAME
// (the router gateway's and floating IPs' network, default public), TF_TIMEOUT (default 5m, per wait).
//
// Build offline with Debian's gophercloud 0.12:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off go build -o terraform-replay .
package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud"
	"github.com/gophercloud/gophercloud/openstack"
	"github.com/gophercloud/gophercloud/openstack/compute/v2/extensions/keypairs"
	"github.com/gophercloud/gophercloud/openstack/compute/v2/extensions/tags"
	"github.com/gophercloud/gophercloud/openstack/compute/v2/flavors"
	"github.com/gophercloud/gophercloud/openstack/compute/v2/servers"
	"github.com/gophercloud/gophercloud/openstack/imageservice/v2/images"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/networks"
	"golang.org/x/crypto/ssh"
)

// The provider polls with MinTimeout 3 s and no initial delay.
const pollInterval = 3 * time.Second

// The microversion the provider sets to read tags (computeV2TagsExtensionMicroversion).
const tagsMicroversion = "2.26"

type replay struct {
	compute, image, network *gophercloud.ServiceClient
	timeout                 time.Duration
	run                     string // suffix that keeps names of concurrent runs apart
	deviations              []string
	cleanups                []func()
}

func main() {
	r, err := connect()
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL authenticate: %v\n", err)
		os.Exit(2)
	}
	defer r.cleanup()
	r.keypairWithPublicKey()
	r.keypairGenerated()
	r.instance()
	r.networking()
	r.cleanup()
	if len(r.deviations) > 0 {
		fmt.Printf("\n%d deviation(s) from what the Terraform OpenStack provider expects:\n", len(r.deviations))
		for _, d := range r.deviations {
			fmt.Printf("  - %s\n", d)
		}
		os.Exit(1)
	}
	fmt.Println("\nall steps behaved as the Terraform OpenStack provider expects")
}

func connect() (*replay, error) {
	opts := gophercloud.AuthOptions{
		IdentityEndpoint: os.Getenv("OS_AUTH_URL"),
		Username:         os.Getenv("OS_USERNAME"),
		Password:         os.Getenv("OS_PASSWORD"),
		TenantName:       os.Getenv("OS_PROJECT_NAME"),
		DomainName:       env("OS_USER_DOMAIN_NAME", "Default"),
	}
	if opts.IdentityEndpoint == "" || opts.Username == "" || opts.Password == "" || opts.TenantName == "" {
		return nil, fmt.Errorf("set OS_AUTH_URL, OS_USERNAME, OS_PASSWORD and OS_PROJECT_NAME")
	}
	provider, err := openstack.AuthenticatedClient(opts)
	if err != nil {
		return nil, fmt.Errorf("POST %s/auth/tokens: %v", opts.IdentityEndpoint, err)
	}
	fmt.Printf("ok   authenticate as %s in project %s\n", opts.Username, opts.TenantName)
	endpoint := gophercloud.EndpointOpts{Region: env("OS_REGION_NAME", "RegionOne"), Availability: gophercloud.AvailabilityPublic}
	r := &replay{run: randomSuffix()}
	if r.timeout, err = time.ParseDuration(env("TF_TIMEOUT", "5m")); err != nil {
		return nil, fmt.Errorf("TF_TIMEOUT: %v", err)
	}
	if r.compute, err = openstack.NewComputeV2(provider, endpoint); err != nil {
		return nil, fmt.Errorf("no compute endpoint in the catalog: %v", err)
	}
	// The image and network clients are resolved lazily by the provider too; a missing one is a
	// deviation of the step that needs it, not of the whole run.
	if r.image, err = openstack.NewImageServiceV2(provider, endpoint); err != nil {
		r.deviate("catalog", "no image (Glance v2) endpoint: %v", describe(err))
	}
	if r.network, err = openstack.NewNetworkV2(provider, endpoint); err != nil {
		r.deviate("catalog", "no network (Neutron v2.0) endpoint: %v", describe(err))
	}
	return r, nil
}

// ---- openstack_compute_keypair_v2 ------------------------------------------------------------------

func (r *replay) keypairWithPublicKey() {
	name := "tf-key-" + r.run
	publicKey := newPublicKey()
	created, err := keypairs.Create(r.compute, keypairs.CreateOpts{Name: name, PublicKey: publicKey}).Extract()
	if err != nil {
		r.deviate("keypair create (public_key)", "POST /os-keypairs: %v", describe(err))
		return
	}
	r.deferCleanup(func() { keypairs.Delete(r.compute, name) })
	r.check("keypair create (public_key)", created.Name == name, "name %q, want %q", created.Name, name)
	r.check("keypair create (public_key)", sameKey(created.PublicKey, publicKey), "public_key %q is not the one sent", created.PublicKey)
	r.check("keypair create (public_key)", created.Fingerprint != "", "no fingerprint")
	r.check("keypair create (public_key)", created.PrivateKey == "", "a private_key came back for an imported key")
	before := len(r.deviations)
	r.readKeypair(name, publicKey)
	if len(r.deviations) == before {
		r.ok("keypair create (public_key) and read")
	}
}

func (r *replay) keypairGenerated() {
	name := "tf-genkey-" + r.run
	created, err := keypairs.Create(r.compute, keypairs.CreateOpts{Name: name}).Extract()
	if err != nil {
		r.deviate("keypair create (generated)", "POST /os-keypairs without public_key: %v", describe(err))
		return
	}
	r.deferCleanup(func() { keypairs.Delete(r.compute, name) })
	r.check("keypair create (generated)", strings.Contains(created.PrivateKey, "PRIVATE KEY"), "no private_key in the response (the provider stores it)")
	r.check("keypair create (generated)", created.PublicKey != "", "no public_key in the response")
	before := len(r.deviations)
	r.readKeypair(name, created.PublicKey)
	r.deleteKeypair(name)
	if len(r.deviations) == before {
		r.ok("keypair create (generated), read, delete")
	}
}

func (r *replay) readKeypair(name, publicKey string) {
	read, err := keypairs.Get(r.compute, name).Extract()
	if err != nil {
		r.deviate("keypair read", "GET /os-keypairs/%s: %v", name, describe(err))
		return
	}
	r.check("keypair read", read.Name == name, "name %q, want %q", read.Name, name)
	r.check("keypair read", sameKey(read.PublicKey, publicKey), "public_key differs from the created one")
}

func (r *replay) deleteKeypair(name string) {
	if err := keypairs.Delete(r.compute, name).ExtractErr(); err != nil {
		r.deviate("keypair delete", "DELETE /os-keypairs/%s: %v", name, describe(err))
		return
	}
	// The provider's next refresh must see it gone (CheckDeleted on 404).
	_, err := keypairs.Get(r.compute, name).Extract()
	r.check("keypair delete", isStatus(err, 404), "GET /os-keypairs/%s after delete: want 404, got %v", name, describe(err))
}

// ---- openstack_compute_instance_v2 -----------------------------------------------------------------

func (r *replay) instance() {
	flavorName := env("TF_FLAVOR_NAME", "m1.nano")
	flavorID := r.flavorIDFromName(flavorName)
	imageID := r.imageID()
	networkName, networkID := r.resolveNetwork()

	keyName := "tf-key-" + r.run
	if _, err := keypairs.Get(r.compute, keyName).Extract(); err != nil {
		keyName = "" // already reported by the keypair steps; boot without one to see the rest
	}
	metadata := map[string]string{"role": "web", "owner": "terraform"}
	userData := "#cloud-config\nhostname: tf-web\n"

	var create servers.CreateOptsBuilder = servers.CreateOpts{
		Name:        "tf-web-" + r.run,
		ImageRef:    imageID,
		FlavorRef:   flavorID,
		Metadata:    metadata,
		UserData:    []byte(userData),
		ConfigDrive: boolPtr(false),
		Networks:    networksFor(networkID),
	}
	if keyName != "" {
		create = keypairs.CreateOptsExt{CreateOptsBuilder: create, KeyName: keyName}
	}
	server, err := servers.Create(r.compute, create).Extract()
	if err != nil {
		r.deviate("instance create", "POST /servers: %v", describe(err))
		return
	}
	if server.ID == "" {
		r.deviate("instance create", "202 without a server id")
		return
	}
	r.deferCleanup(func() { servers.Delete(r.compute, server.ID) })
	r.ok("instance create " + server.ID)

	if !r.waitFor("instance create: wait for ACTIVE", server.ID, []string{"BUILD"}, []string{"ACTIVE"}) {
		return
	}
	r.readInstance(server.ID, "tf-web-"+r.run, flavorID, flavorName, imageID, keyName, networkName, metadata)

	// Update: name, then metadata (keys removed from the configuration are deleted one by one, the
	// rest are set with POST /metadata), exactly in the provider's order.
	newName := "tf-web-renamed-" + r.run
	if _, err := servers.Update(r.compute, server.ID, servers.UpdateOpts{Name: newName}).Extract(); err != nil {
		r.deviate("instance update name", "PUT /servers/%s: %v", server.ID, describe(err))
		newName = "tf-web-" + r.run
	} else {
		r.ok("instance update name")
	}
	newMetadata := map[string]string{"role": "db", "tier": "backend"}
	if err := servers.DeleteMetadatum(r.compute, server.ID, "owner").ExtractErr(); err != nil && !isStatus(err, 404) {
		r.deviate("instance update metadata", "DELETE /servers/%s/metadata/owner: %v", server.ID, describe(err))
	}
	if _, err := servers.UpdateMetadata(r.compute, server.ID, servers.MetadataOpts(newMetadata)).Extract(); err != nil {
		r.deviate("instance update metadata", "POST /servers/%s/metadata: %v", server.ID, describe(err))
	} else {
		r.ok("instance update metadata")
	}
	r.readInstance(server.ID, newName, flavorID, flavorName, imageID, keyName, networkName, newMetadata)

	if err := servers.Delete(r.compute, server.ID).ExtractErr(); err != nil && !isStatus(err, 404) {
		r.deviate("instance delete", "DELETE /servers/%s: %v", server.ID, describe(err))
		return
	}
	if r.waitFor("instance delete: wait until 404", server.ID, []string{"ACTIVE", "SHUTOFF"}, []string{"DELETED", "SOFT_DELETED"}) {
		r.ok("instance delete")
	}
}

// flavorIDFromName lists flavors/detail and matches the name exactly once, like gophercloud/utils'
// flavors.IDFromName that the provider uses for flavor_name.
func (r *replay) flavorIDFromName(name string) string {
	pages, err := flavors.ListDetail(r.compute, flavors.ListOpts{AccessType: flavors.AllAccess}).AllPages()
	if err != nil {
		r.deviate("flavor lookup", "GET /flavors/detail: %v", describe(err))
		return "1"
	}
	all, err := flavors.ExtractFlavors(pages)
	if err != nil {
		r.deviate("flavor lookup", "GET /flavors/detail: unreadable body: %v", describe(err))
		return "1"
	}
	var ids []string
	for _, f := range all {
		if f.Name == name {
			ids = append(ids, f.ID)
		}
	}
	if len(ids) != 1 {
		r.deviate("flavor lookup", "%d flavors named %q, want exactly 1", len(ids), name)
		return "1"
	}
	r.ok("flavor lookup " + name + " -> " + ids[0])
	return ids[0]
}

// imageID resolves image_name through Glance v2 (GET /v2/images?name=), like the provider's
// getImageIDFromConfig. Without any image the run continues without imageRef, to see the rest.
func (r *replay) imageID() string {
	if r.image == nil {
		return ""
	}
	name := os.Getenv("TF_IMAGE_NAME")
	if name == "" {
		// The configuration names kumo-tiny when the image service has it, else its first image.
		listed, err := r.listImages(images.ListOpts{})
		if err != nil {
			r.deviate("image lookup", "%v", err)
			return ""
		}
		name = "kumo-tiny"
		if len(listed) > 0 && !hasImage(listed, name) {
			name = listed[0].Name
		}
	}
	found, err := r.listImages(images.ListOpts{Name: name})
	if err != nil {
		r.deviate("image lookup", "%v", err)
		return ""
	}
	if len(found) != 1 {
		r.deviate("image lookup", "GET /v2/images?name=%s: %d images, want exactly 1 (the provider's image_name needs one)", name, len(found))
		return ""
	}
	r.ok("image lookup " + name + " -> " + found[0].ID)
	return found[0].ID
}

func (r *replay) listImages(opts images.ListOpts) ([]images.Image, error) {
	pages, err := images.List(r.image, opts).AllPages()
	if err != nil {
		return nil, fmt.Errorf("GET /v2/images?name=%s: %v", opts.Name, describe(err))
	}
	list, err := images.ExtractImages(pages)
	if err != nil {
		return nil, fmt.Errorf("GET /v2/images: unreadable body: %v", err)
	}
	return list, nil
}

func hasImage(list []images.Image, name string) bool {
	for _, i := range list {
		if i.Name == name {
			return true
		}
	}
	return false
}

// resolveNetwork resolves the network block's name to its id through Neutron, like getAllInstanceNetworks.
// Without TF_NETWORK_NAME the configuration has no network block, and the provider asks Neutron nothing.
func (r *replay) resolveNetwork() (string, string) {
	name := os.Getenv("TF_NETWORK_NAME")
	if name == "" {
		r.ok("no network block: Neutron not consulted (set TF_NETWORK_NAME to replay one)")
		return "", ""
	}
	if r.network == nil {
		return "", ""
	}
	pages, err := networks.List(r.network, networks.ListOpts{Name: name}).AllPages()
	if err != nil {
		r.deviate("network lookup", "GET /v2.0/networks?name=%s: %v", name, describe(err))
		return "", ""
	}
	list, err := networks.ExtractNetworks(pages)
	if err != nil {
		r.deviate("network lookup", "GET /v2.0/networks: unreadable body: %v", describe(err))
		return "", ""
	}
	if len(list) == 0 || (name != "" && len(list) != 1) {
		r.deviate("network lookup", "GET /v2.0/networks?name=%s: %d networks, want exactly 1", name, len(list))
		return "", ""
	}
	r.ok("network lookup " + list[0].Name + " -> " + list[0].ID)
	return list[0].Name, list[0].ID
}

// readInstance is resourceComputeInstanceV2Read: the server, its flavor by id, its image through
// Glance, addresses keyed by network name, the power state it maps, and the tags (whose failure the
// provider only logs).
func (r *replay) readInstance(id, name, flavorID, flavorName, imageID, keyName, networkName string, metadata map[string]string) {
	step := "instance read"
	before := len(r.deviations)
	server, err := servers.Get(r.compute, id).Extract()
	if err != nil {
		r.deviate(step, "GET /servers/%s: %v", id, describe(err))
		return
	}
	r.check(step, server.Name == name, "name %q, want %q", server.Name, name)
	r.check(step, equalMaps(server.Metadata, metadata), "metadata %v, want %v", server.Metadata, metadata)
	r.check(step, server.KeyName == keyName, "key_name %q, want %q", server.KeyName, keyName)
	if !r.check(step, !server.Created.IsZero() && !server.Updated.IsZero(), "created/updated missing") {
		return
	}
	gotFlavor, ok := server.Flavor["id"].(string)
	if r.check(step, ok, "flavor.id is not a string: %v (the provider fails here)", server.Flavor) {
		r.check(step, gotFlavor == flavorID, "flavor.id %q, want %q", gotFlavor, flavorID)
		if f, err := flavors.Get(r.compute, gotFlavor).Extract(); err != nil {
			r.deviate(step, "GET /flavors/%s: %v", gotFlavor, describe(err))
		} else {
			r.check(step, f.Name == flavorName, "flavor name %q, want %q", f.Name, flavorName)
		}
	}
	if imageID != "" {
		gotImage, _ := server.Image["id"].(string)
		r.check(step, gotImage == imageID, "image.id %q, want %q", gotImage, imageID)
		if r.image != nil {
			if _, err := images.Get(r.image, imageID).Extract(); err != nil {
				r.deviate(step, "GET /v2/images/%s: %v", imageID, describe(err))
			}
		}
	}
	if networkName != "" {
		_, present := server.Addresses[networkName]
		r.check(step, present, "addresses %v has no entry for network %q (the provider keys them by name)", server.Addresses, networkName)
	}
	switch strings.ToLower(server.Status) {
	case "active", "shutoff", "error", "migrating", "shelved_offloaded", "shelved", "build", "paused":
	default:
		r.deviate(step, "status %q is not one the provider maps to a power_state", server.Status)
	}
	r.compute.Microversion = tagsMicroversion
	if _, err := tags.List(r.compute, id).Extract(); err != nil {
		fmt.Printf("note %s: GET /servers/%s/tags at 2.26: %v (the provider only logs this)\n", step, id, describe(err))
	}
	r.compute.Microversion = ""
	if len(r.deviations) == before {
		r.ok(step + " " + name)
	}
}

// waitFor is the provider's StateChangeConf over ServerV2StateRefreshFunc: GET every 3 s, 404 means
// DELETED, 409/500/502/503/504 are retried, any status outside pending and target is an error.
func (r *replay) waitFor(step, id string, pending, target []string) bool {
	deadline := time.Now().Add(r.timeout)
	for {
		state, detail, err := r.refresh(id)
		switch {
		case err != nil && isRetryable(err):
			fmt.Printf("note %s: %v, retrying\n", step, describe(err))
		case err != nil:
			r.deviate(step, "GET /servers/%s: %v", id, describe(err))
			return false
		case contains(target, state):
			return true
		case state == "ERROR":
			r.deviate(step, "the server went to ERROR: %s", detail)
			return false
		case !contains(pending, state):
			r.deviate(step, "unexpected state %q, wanted %v while %v (the provider fails here)", state, target, pending)
			return false
		}
		if time.Now().After(deadline) {
			r.deviate(step, "still %q after %v", state, r.timeout)
			return false
		}
		time.Sleep(pollInterval)
	}
}

func (r *replay) refresh(id string) (string, string, error) {
	s, err := servers.Get(r.compute, id).Extract()
	if isStatus(err, 404) {
		return "DELETED", "", nil
	}
	if err != nil {
		return "", "", err
	}
	return s.Status, fmt.Sprintf("fault %d %q", s.Fault.Code, s.Fault.Message), nil
}

// ---- reporting -------------------------------------------------------------------------------------

func (r *replay) ok(step string) { fmt.Printf("ok   %s\n", step) }

func (r *replay) deviate(step, format string, args ...interface{}) {
	message := step + ": " + fmt.Sprintf(format, args...)
	fmt.Printf("FAIL %s\n", message)
	r.deviations = append(r.deviations, message)
}

func (r *replay) check(step string, cond bool, format string, args ...interface{}) bool {
	if !cond {
		r.deviate(step, format, args...)
	}
	return cond
}

func (r *replay) deferCleanup(f func()) { r.cleanups = append(r.cleanups, f) }

// cleanup removes what a failed run left behind, newest first; a clean run has nothing left.
func (r *replay) cleanup() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
	r.cleanups = nil
}

// ---- helpers ---------------------------------------------------------------------------------------

func newPublicKey() string {
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	key, err := ssh.NewPublicKey(pub)
	if err != nil {
		panic(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key))) + " terraform@replay"
}

// sameKey compares the type and key material; Nova may drop or keep the comment.
func sameKey(a, b string) bool {
	fa, fb := strings.Fields(a), strings.Fields(b)
	return len(fa) >= 2 && len(fb) >= 2 && fa[0] == fb[0] && fa[1] == fb[1]
}

func networksFor(id string) interface{} {
	if id == "" {
		return nil
	}
	return []servers.Network{{UUID: id}}
}

func isStatus(err error, code int) bool {
	if e, ok := err.(gophercloud.StatusCodeError); ok {
		return e.GetStatusCode() == code
	}
	return false
}

func isRetryable(err error) bool {
	for _, code := range []int{409, 500, 502, 503, 504} {
		if isStatus(err, code) {
			return true
		}
	}
	return false
}

// describe names the status code and the body the cloud answered, not only gophercloud's summary.
func describe(err error) string {
	if err == nil {
		return "no error"
	}
	var body []byte
	switch e := err.(type) {
	case gophercloud.ErrDefault400:
		body = e.Body
	case gophercloud.ErrDefault401:
		body = e.Body
	case gophercloud.ErrDefault403:
		body = e.Body
	case gophercloud.ErrDefault404:
		body = e.Body
	case gophercloud.ErrDefault405:
		body = e.Body
	case gophercloud.ErrDefault409:
		body = e.Body
	case gophercloud.ErrDefault500:
		body = e.Body
	case gophercloud.ErrDefault503:
		body = e.Body
	case gophercloud.ErrUnexpectedResponseCode:
		body = e.Body
	}
	text := err.Error()
	if code, ok := err.(gophercloud.StatusCodeError); ok {
		text = fmt.Sprintf("%d %s", code.GetStatusCode(), text)
	}
	if b := strings.TrimSpace(string(body)); b != "" {
		if len(b) > 200 {
			b = b[:200] + "..."
		}
		text += " " + b
	}
	return text
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func boolPtr(b bool) *bool { return &b }

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func randomSuffix() string {
	b := make([]byte, 3)
	rand.Read(b)
	return hex.EncodeToString(b)
}
