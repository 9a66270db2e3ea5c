package dev.kumo.gateway.actions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** A step of an instance action, e.g. {@code compute_stop_instance} on a host, with its result. */
@Entity
@Table(name = "instance_action_event")
public class InstanceActionEvent extends PanacheEntityBase {

    public static final String SUCCESS = "Success";
    public static final String ERROR = "Error";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne
    @JoinColumn(name = "action_id")
    public InstanceAction action;

    public String event;

    public String host;

    @Column(name = "start_time")
    public Instant startTime;

    @Column(name = "finish_time")
    public Instant finishTime;

    public String result;

    public String details;
}
