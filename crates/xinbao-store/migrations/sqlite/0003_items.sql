-- Items and the editorial cycle: revisions, the append-only event log, sideways shares,
-- in-app notifications, attachments stored once by content hash.

CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    office_id BIGINT REFERENCES units(id),
    author_id BIGINT NOT NULL REFERENCES people(id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    body_text TEXT NOT NULL,
    item_type TEXT NOT NULL,
    importance TEXT NOT NULL,
    urgency TEXT NOT NULL,
    urgent_rank BIGINT NOT NULL DEFAULT 0,
    sensitivity TEXT NOT NULL,
    topics TEXT NOT NULL DEFAULT '',
    authors TEXT NOT NULL DEFAULT '',
    contact_phone TEXT,
    status TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    revision BIGINT NOT NULL DEFAULT 1,
    source_item_id BIGINT REFERENCES items(id),
    combined_into_id BIGINT REFERENCES items(id) DEFERRABLE INITIALLY DEFERRED,
    forwarded_item_id BIGINT REFERENCES items(id) DEFERRABLE INITIALLY DEFERRED,
    direct_report BOOLEAN NOT NULL DEFAULT FALSE,
    periodical TEXT,
    decline_reason TEXT,
    last_comment TEXT,
    signed_off_by BIGINT REFERENCES people(id),
    signed_off_at BIGINT,
    received_by BIGINT REFERENCES people(id),
    received_at BIGINT,
    claimed_by BIGINT REFERENCES people(id),
    claimed_until BIGINT,
    submitted_at BIGINT,
    decided_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX items_inbox ON items (office_id, status, urgent_rank, submitted_at);
CREATE INDEX items_office_time ON items (office_id, submitted_at);
CREATE INDEX items_unit ON items (unit_id, updated_at);
CREATE INDEX items_source ON items (source_item_id);
CREATE INDEX items_combined ON items (combined_into_id);

CREATE TABLE item_revisions (
    id INTEGER PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES items(id),
    rev_no BIGINT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    body_text TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES people(id),
    at BIGINT NOT NULL,
    UNIQUE (item_id, rev_no)
);

CREATE TABLE item_events (
    id INTEGER PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES items(id),
    at BIGINT NOT NULL,
    actor_id BIGINT REFERENCES people(id),
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    comment TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX item_events_item ON item_events (item_id, id);

CREATE TABLE item_shares (
    item_id BIGINT NOT NULL REFERENCES items(id),
    office_id BIGINT NOT NULL REFERENCES units(id),
    shared_by BIGINT NOT NULL REFERENCES people(id),
    at BIGINT NOT NULL,
    PRIMARY KEY (item_id, office_id)
);
CREATE INDEX item_shares_office ON item_shares (office_id, at);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id),
    item_id BIGINT REFERENCES items(id),
    kind TEXT NOT NULL,
    args TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_person ON notifications (person_id, read_at, id);

CREATE TABLE files (
    hash TEXT PRIMARY KEY NOT NULL,
    size BIGINT NOT NULL,
    mime TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE item_attachments (
    id INTEGER PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES items(id),
    file_hash TEXT NOT NULL REFERENCES files(hash),
    name TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX item_attachments_item ON item_attachments (item_id);

CREATE TRIGGER item_events_no_update BEFORE UPDATE ON item_events
BEGIN SELECT RAISE(ABORT, 'item_events is append-only'); END;
CREATE TRIGGER item_events_no_delete BEFORE DELETE ON item_events
BEGIN SELECT RAISE(ABORT, 'item_events is append-only'); END;

-- Sign-off rules per unit (absent: the defaults of DOMAIN.md §4). For ordinary units the
-- values are roles (unit_leader, principal_leader) or empty; for offices, signer levels.
CREATE TABLE signoff_rules (
    unit_id BIGINT PRIMARY KEY NOT NULL REFERENCES units(id),
    general TEXT NOT NULL DEFAULT '',
    important TEXT NOT NULL DEFAULT '',
    critical TEXT NOT NULL DEFAULT ''
);
