-- Foundation: organisation, people, roles, sessions, API tokens, audit log.
-- Times are BIGINT milliseconds since the Unix epoch, UTC. Kept in lockstep with postgres/.

CREATE TABLE unit_kinds (
    kind TEXT PRIMARY KEY NOT NULL,
    default_quota BIGINT NOT NULL
);
INSERT INTO unit_kinds (kind, default_quota) VALUES
    ('office', 30), ('department', 10), ('stationed', 5), ('township', 4), ('direct_point', 2);

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL REFERENCES unit_kinds(kind),
    office_level TEXT,
    office_branch TEXT,
    parent_id BIGINT REFERENCES units(id),
    report_to_id BIGINT REFERENCES units(id),
    quota_override BIGINT,
    responsible_section TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX units_parent_name ON units (COALESCE(parent_id, 0), name);
CREATE INDEX units_parent ON units (parent_id);

CREATE TABLE unit_peers (
    unit_id BIGINT NOT NULL REFERENCES units(id),
    peer_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (unit_id, peer_id)
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    phone TEXT,
    title TEXT,
    email TEXT,
    password_hash TEXT NOT NULL,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    password_changed_at BIGINT NOT NULL
);

CREATE TABLE role_grants (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    role TEXT NOT NULL,
    signer_level TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    ended_at BIGINT
);
CREATE UNIQUE INDEX role_grants_one_active ON role_grants (person_id, unit_id, role) WHERE active;
CREATE INDEX role_grants_unit ON role_grants (unit_id);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY NOT NULL,
    person_id BIGINT NOT NULL REFERENCES people(id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    ip TEXT
);
CREATE INDEX sessions_person ON sessions (person_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    expires_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_person ON api_tokens (person_id);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_id BIGINT REFERENCES people(id),
    actor_username TEXT,
    action TEXT NOT NULL,
    target_kind TEXT,
    target_id BIGINT,
    detail TEXT NOT NULL DEFAULT '',
    ip TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
