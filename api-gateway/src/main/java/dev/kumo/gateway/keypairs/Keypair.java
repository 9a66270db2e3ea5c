package dev.kumo.gateway.keypairs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A user's public key, injected into the instances they boot with its name. */
@Entity
@Table(name = "keypair")
public class Keypair extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id")
    public String userId;

    public String name;

    public String type;

    @Column(name = "public_key")
    public String publicKey;

    public String fingerprint;

    @Column(name = "created_at")
    public Instant createdAt;

    public static Optional<Keypair> of(String userId, String name) {
        return find("userId = ?1 and name = ?2", userId, name).firstResultOptional();
    }

    public static List<Keypair> ofUser(String userId) {
        return list("userId = ?1 order by name", userId);
    }

    public static long countOf(String userId) {
        return count("userId", userId);
    }
}
