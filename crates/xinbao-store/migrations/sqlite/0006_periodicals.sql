-- Periodicals and their issues, with numbers given at publication from per-periodical
-- counters; leaders' instructions (批示) on items, with the units assigned to act and their
-- reports back; read receipts.

CREATE TABLE periodicals (
    id INTEGER PRIMARY KEY,
    office_id BIGINT NOT NULL REFERENCES units(id),
    name TEXT NOT NULL,
    restart_yearly BOOLEAN NOT NULL DEFAULT TRUE,
    running_total BOOLEAN NOT NULL DEFAULT FALSE,
    -- Column names, one per line.
    columns TEXT NOT NULL DEFAULT '',
    chief_editor_id BIGINT REFERENCES people(id),
    -- The signer level that signs an issue off: section, deputy or chief.
    signoff_level TEXT NOT NULL DEFAULT 'deputy',
    secrecy TEXT NOT NULL DEFAULT '',
    copies BIGINT NOT NULL DEFAULT 0,
    -- Distribution: 报 (up), 送 (sideways), 发 (down), as printed.
    dist_up TEXT NOT NULL DEFAULT '',
    dist_side TEXT NOT NULL DEFAULT '',
    dist_down TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    UNIQUE (office_id, name)
);

-- The last number given, per periodical, kind (regular or supplement) and year (0 when
-- numbers do not restart). Publication bumps it in the same transaction.
CREATE TABLE periodical_counters (
    periodical_id BIGINT NOT NULL REFERENCES periodicals(id),
    kind TEXT NOT NULL,
    year BIGINT NOT NULL,
    last_number BIGINT NOT NULL,
    PRIMARY KEY (periodical_id, kind, year)
);

CREATE TABLE issues (
    id INTEGER PRIMARY KEY,
    periodical_id BIGINT NOT NULL REFERENCES periodicals(id),
    kind TEXT NOT NULL DEFAULT 'regular',
    status TEXT NOT NULL DEFAULT 'draft',
    editor_note TEXT NOT NULL DEFAULT '',
    year BIGINT,
    number BIGINT,
    total_number BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    frozen_at BIGINT,
    signed_off_by BIGINT REFERENCES people(id),
    signed_off_at BIGINT,
    published_by BIGINT REFERENCES people(id),
    published_at BIGINT
);
CREATE UNIQUE INDEX issues_number ON issues (periodical_id, kind, year, number) WHERE number IS NOT NULL;
CREATE INDEX issues_periodical ON issues (periodical_id, status, id);

CREATE TABLE issue_items (
    issue_id BIGINT NOT NULL REFERENCES issues(id),
    item_id BIGINT NOT NULL REFERENCES items(id),
    position BIGINT NOT NULL,
    column_name TEXT NOT NULL DEFAULT '',
    headline TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (issue_id, item_id)
);
CREATE INDEX issue_items_item ON issue_items (item_id);

-- Every step of an issue (freeze, unfreeze with its reason, sign-off, publication).
CREATE TABLE issue_events (
    id INTEGER PRIMARY KEY,
    issue_id BIGINT NOT NULL REFERENCES issues(id),
    action TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    person_id BIGINT NOT NULL REFERENCES people(id),
    at BIGINT NOT NULL
);
CREATE INDEX issue_events_issue ON issue_events (issue_id, id);
CREATE TRIGGER issue_events_no_update BEFORE UPDATE ON issue_events
BEGIN SELECT RAISE(ABORT, 'issue_events is append-only'); END;
CREATE TRIGGER issue_events_no_delete BEFORE DELETE ON issue_events
BEGIN SELECT RAISE(ABORT, 'issue_events is append-only'); END;

CREATE TABLE issue_reads (
    issue_id BIGINT NOT NULL REFERENCES issues(id),
    person_id BIGINT NOT NULL REFERENCES people(id),
    read_at BIGINT NOT NULL,
    PRIMARY KEY (issue_id, person_id)
);

CREATE TABLE instructions (
    id INTEGER PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES items(id),
    issue_id BIGINT REFERENCES issues(id),
    text TEXT NOT NULL,
    leader_level TEXT NOT NULL,
    leader_name TEXT NOT NULL,
    leader_id BIGINT REFERENCES people(id),
    -- Where an instruction given on paper was recorded from.
    source TEXT NOT NULL DEFAULT '',
    due_at BIGINT,
    status TEXT NOT NULL DEFAULT 'open',
    recorded_by BIGINT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    closed_at BIGINT
);
CREATE INDEX instructions_item ON instructions (item_id, id);

CREATE TABLE instruction_assignments (
    instruction_id BIGINT NOT NULL REFERENCES instructions(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    status TEXT NOT NULL DEFAULT 'open',
    due_at BIGINT,
    done_at BIGINT,
    PRIMARY KEY (instruction_id, unit_id)
);
CREATE INDEX instruction_assignments_unit ON instruction_assignments (unit_id, status);

CREATE TABLE instruction_reports (
    id INTEGER PRIMARY KEY,
    instruction_id BIGINT NOT NULL REFERENCES instructions(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    person_id BIGINT NOT NULL REFERENCES people(id),
    at BIGINT NOT NULL
);
CREATE INDEX instruction_reports_instruction ON instruction_reports (instruction_id, id);

ALTER TABLE items ADD COLUMN periodical_id BIGINT REFERENCES periodicals(id);
