package dev.kumo.scheduler.aggregates;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/** A host aggregate: named hosts with metadata; its {@code availability_zone} metadata makes them a zone. */
@Entity
@Table(name = "aggregate")
public class Aggregate extends PanacheEntityBase {

    public static final String ZONE_KEY = "availability_zone";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public UUID uuid;

    public String name;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "aggregate_metadata", joinColumns = @JoinColumn(name = "aggregate_id"))
    @MapKeyColumn(name = "key")
    @Column(name = "value")
    public Map<String, String> metadata = new TreeMap<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "aggregate_host", joinColumns = @JoinColumn(name = "aggregate_id"))
    @Column(name = "host")
    public Set<String> hosts = new TreeSet<>();

    public String zone() {
        return metadata.get(ZONE_KEY);
    }

    public static Optional<Aggregate> named(String name) {
        return find("name", name).firstResultOptional();
    }
}
