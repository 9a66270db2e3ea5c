package dev.kumo.gateway.actions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One thing a user did to an instance (create, stop, reboot...), under the request id that did it. */
@Entity
@Table(name = "instance_action")
public class InstanceAction extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "instance_id")
    public UUID instanceId;

    public String action;

    @Column(name = "request_id")
    public String requestId;

    @Column(name = "project_id")
    public String projectId;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "start_time")
    public Instant startTime;

    @Column(name = "finish_time")
    public Instant finishTime;

    public String message;

    @OneToMany(mappedBy = "action", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("startTime, id")
    public List<InstanceActionEvent> events = new ArrayList<>();

    public static List<InstanceAction> of(UUID instanceId) {
        return list("instanceId = ?1 order by startTime desc, id desc", instanceId);
    }

    public static Optional<InstanceAction> byRequest(UUID instanceId, String requestId) {
        return find("instanceId = ?1 and requestId = ?2", instanceId, requestId).firstResultOptional();
    }
}
