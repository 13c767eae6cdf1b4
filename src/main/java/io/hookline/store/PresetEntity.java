package io.hookline.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A preset (a Polyaxon partial operation), stored as the text it was given. */
@Entity
@Table(name = "presets")
public class PresetEntity extends PanacheEntityBase {

    @Id
    @Column(columnDefinition = "text")
    public String name;

    @Column(columnDefinition = "text", nullable = false)
    public String definition;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
