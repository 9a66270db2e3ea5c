package dev.kumo.image.images;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/** An image in the catalog: Glance's core attributes, free-form properties and tags. Its data is in the store. */
@Entity
@Table(name = "image")
public class Image extends PanacheEntityBase {

    @Id
    public UUID id;
    public String name;
    public String owner;
    public String status;
    public String visibility;
    @Column(name = "disk_format")
    public String diskFormat;
    @Column(name = "container_format")
    public String containerFormat;
    @Column(name = "size_bytes")
    public Long size;
    @Column(name = "virtual_size")
    public Long virtualSize;
    public String checksum;
    @Column(name = "os_hash_algo")
    public String osHashAlgo;
    @Column(name = "os_hash_value")
    public String osHashValue;
    @Column(name = "min_disk")
    public int minDisk;
    @Column(name = "min_ram")
    public int minRam;
    @Column(name = "protected")
    public boolean isProtected;
    @Column(name = "os_hidden")
    public boolean osHidden;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "image_property", joinColumns = @JoinColumn(name = "image_id"))
    @MapKeyColumn(name = "name")
    @Column(name = "value")
    public Map<String, String> properties = new TreeMap<>();

    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "image_tag", joinColumns = @JoinColumn(name = "image_id"))
    @Column(name = "tag")
    public Set<String> tags = new TreeSet<>();

    /**
     * The image with its properties and tags, in one query: read outside a transaction (a show), each lazy collection
     * would otherwise open a session and run a query of its own.
     */
    public static Image withDetails(UUID id) {
        return find("from Image i left join fetch i.properties left join fetch i.tags where i.id = ?1", id)
                .firstResult();
    }

    public static Image queued(UUID id, String owner, Instant now) {
        Image image = new Image();
        image.id = id;
        image.owner = owner;
        image.status = ImageStatus.QUEUED;
        image.visibility = Visibility.SHARED;
        image.createdAt = now;
        image.updatedAt = now;
        return image;
    }
}
