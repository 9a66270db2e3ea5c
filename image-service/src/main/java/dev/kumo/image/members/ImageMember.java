package dev.kumo.image.members;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A project a shared image is offered to, and whether that project accepted it. */
@Entity
@Table(name = "image_member")
@IdClass(ImageMember.Key.class)
public class ImageMember extends PanacheEntityBase {

    public static final String PENDING = "pending";
    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";

    @Id
    @Column(name = "image_id")
    public UUID imageId;
    @Id
    public String member;
    public String status;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Optional<ImageMember> find(UUID imageId, String member) {
        return find("imageId = ?1 and member = ?2", imageId, member).firstResultOptional();
    }

    /** The composite key: one entry per image and project. */
    public static class Key implements Serializable {
        public UUID imageId;
        public String member;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(imageId, key.imageId)
                    && Objects.equals(member, key.member);
        }

        @Override
        public int hashCode() {
            return Objects.hash(imageId, member);
        }
    }
}
