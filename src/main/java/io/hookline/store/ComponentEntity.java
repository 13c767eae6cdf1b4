package io.hookline.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A hub component (built-in or custom), stored as the text it was given. */
@Entity
@Table(name = "components")
public class ComponentEntity extends PanacheEntityBase {

    /** Normalised {@code owner/name:tag}. */
    @Id
    @Column(name = "hub_ref", columnDefinition = "text")
    public String hubRef;

    @Column(columnDefinition = "text", nullable = false)
    public String owner;

    @Column(columnDefinition = "text", nullable = false)
    public String name;

    @Column(columnDefinition = "text", nullable = false)
    public String tag;

    @Column(columnDefinition = "text", nullable = false)
    public String definition;

    @Column(nullable = false)
    public boolean builtin;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
