package io.hookline.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** The hooks that apply to every run of a project, stored as the YAML/JSON text given. */
@Entity
@Table(name = "project_hooks")
public class ProjectHooksEntity extends PanacheEntityBase {

    @Id
    @Column(columnDefinition = "text")
    public String project;

    @Column(name = "hooks_yaml", columnDefinition = "text", nullable = false)
    public String hooksYaml;

    @Column(name = "hook_count", nullable = false)
    public int hookCount;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
