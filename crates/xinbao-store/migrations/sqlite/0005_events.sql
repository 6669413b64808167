-- Sudden events: time-limit rules as data, events and the units asked, reports, deadlines
-- (the scheduler's queue), reminder notices, verification, the accountability ledger,
-- outgoing deliveries on external channels, channel settings, the working-day calendar.

-- Rules per office and severity; rows without an office are the shipped defaults. A change
-- adds a row and retires the old one: an event keeps the numbers it was planned with.
CREATE TABLE time_limit_rules (
    id INTEGER PRIMARY KEY,
    office_id BIGINT REFERENCES units(id),
    severity TEXT NOT NULL,
    phone_minutes BIGINT,
    written_minutes BIGINT NOT NULL,
    followup_hours BIGINT,
    followup_times TEXT NOT NULL DEFAULT '',
    warn_minutes BIGINT NOT NULL,
    -- Minutes after the limit when the reminder climbs the ladder: leader in charge,
    -- principal leader, office leadership.
    escalate_minutes TEXT NOT NULL DEFAULT '30,60,120',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX time_limit_rules_office ON time_limit_rules (office_id, severity, active);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    office_id BIGINT NOT NULL REFERENCES units(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    severity TEXT NOT NULL,
    zero_report BOOLEAN NOT NULL DEFAULT FALSE,
    rule_id BIGINT REFERENCES time_limit_rules(id),
    escalate_minutes TEXT NOT NULL DEFAULT '',
    followup_hours BIGINT,
    followup_times TEXT NOT NULL DEFAULT '',
    warn_minutes BIGINT NOT NULL DEFAULT 0,
    occurred_at BIGINT,
    received_at BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    created_by BIGINT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    closed_at BIGINT
);
CREATE INDEX events_office ON events (office_id, status, received_at);

CREATE TABLE event_units (
    event_id BIGINT NOT NULL REFERENCES events(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    final_at BIGINT,
    PRIMARY KEY (event_id, unit_id)
);
CREATE INDEX event_units_unit ON event_units (unit_id, event_id);

CREATE TABLE event_reports (
    id INTEGER PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES events(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    elements TEXT NOT NULL DEFAULT '{}',
    caller TEXT,
    called_at BIGINT,
    reported_by BIGINT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX event_reports_event ON event_reports (event_id, unit_id, id);
CREATE TRIGGER event_reports_no_update BEFORE UPDATE ON event_reports
BEGIN SELECT RAISE(ABORT, 'event_reports is append-only'); END;
CREATE TRIGGER event_reports_no_delete BEFORE DELETE ON event_reports
BEGIN SELECT RAISE(ABORT, 'event_reports is append-only'); END;

-- What each unit owes, when. The scheduler moves a row from open to overdue exactly once,
-- in the same transaction as its reminder and ledger record.
CREATE TABLE deadlines (
    id INTEGER PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES events(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL,
    seq BIGINT NOT NULL DEFAULT 1,
    due_at BIGINT NOT NULL,
    warn_at BIGINT,
    status TEXT NOT NULL DEFAULT 'open',
    met_at BIGINT,
    report_id BIGINT REFERENCES event_reports(id),
    warned_at BIGINT,
    fired_at BIGINT,
    escalation BIGINT NOT NULL DEFAULT 0,
    escalate_at BIGINT,
    UNIQUE (event_id, unit_id, kind, seq)
);
CREATE INDEX deadlines_due ON deadlines (due_at) WHERE status = 'open';
CREATE INDEX deadlines_warn ON deadlines (warn_at) WHERE status = 'open' AND warned_at IS NULL;
CREATE INDEX deadlines_escalate ON deadlines (escalate_at) WHERE status = 'overdue' AND met_at IS NULL;
CREATE INDEX deadlines_event ON deadlines (event_id, unit_id);

-- 重要紧急信息催报通知单: one per overdue deadline.
CREATE TABLE reminders (
    id INTEGER PRIMARY KEY,
    deadline_id BIGINT NOT NULL UNIQUE REFERENCES deadlines(id),
    event_id BIGINT NOT NULL REFERENCES events(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX reminders_event ON reminders (event_id, unit_id);

CREATE TABLE verifications (
    id INTEGER PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES events(id),
    report_id BIGINT REFERENCES event_reports(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    conflict TEXT NOT NULL,
    assignee_id BIGINT NOT NULL REFERENCES people(id),
    due_at BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    outcome TEXT,
    result TEXT,
    created_by BIGINT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    done_by BIGINT REFERENCES people(id),
    done_at BIGINT
);
CREATE INDEX verifications_event ON verifications (event_id, id);
CREATE INDEX verifications_assignee ON verifications (assignee_id, status);

-- The accountability ledger. Append-only: a record is corrected by a new record naming it,
-- with a reason. The people responsible are kept as they were at that moment.
CREATE TABLE ledger (
    id INTEGER PRIMARY KEY,
    event_id BIGINT REFERENCES events(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    deadline_id BIGINT REFERENCES deadlines(id),
    kind TEXT NOT NULL,
    facts TEXT NOT NULL,
    people TEXT NOT NULL DEFAULT '[]',
    corrects_id BIGINT REFERENCES ledger(id),
    void BOOLEAN NOT NULL DEFAULT FALSE,
    reason TEXT,
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ledger_once ON ledger (deadline_id, kind) WHERE deadline_id IS NOT NULL AND corrects_id IS NULL;
CREATE INDEX ledger_time ON ledger (created_at);
CREATE INDEX ledger_unit ON ledger (unit_id, created_at);
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;

-- Messages on external channels (email, WeCom, DingTalk, SMS): the outbox. A channel that is
-- down leaves rows pending with a later attempt time; the workflow never waits for it.
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    person_id BIGINT REFERENCES people(id),
    unit_id BIGINT REFERENCES units(id),
    address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE TABLE delivery_attempts (
    id INTEGER PRIMARY KEY,
    delivery_id BIGINT NOT NULL REFERENCES deliveries(id),
    at BIGINT NOT NULL,
    ok BOOLEAN NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, id);

-- Which channels a person wants (absent: the administrator's defaults).
CREATE TABLE person_channels (
    person_id BIGINT NOT NULL REFERENCES people(id),
    channel TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    PRIMARY KEY (person_id, channel)
);

-- A unit's group robots (WeCom, DingTalk): webhook address and, for DingTalk, the signing secret.
CREATE TABLE unit_robots (
    unit_id BIGINT NOT NULL REFERENCES units(id),
    channel TEXT NOT NULL,
    url TEXT NOT NULL,
    secret TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (unit_id, channel)
);

-- Days that differ from the weekday/weekend default: holidays and adjusted working days.
CREATE TABLE calendar_days (
    day TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);

ALTER TABLE notifications ADD COLUMN event_id BIGINT REFERENCES events(id);

-- The official 2026 schedule (国务院办公厅关于2026年部分节假日安排的通知); later years are
-- entered by the administrator.
INSERT INTO calendar_days (day, kind, name, updated_at) VALUES
('2026-01-01', 'holiday', '元旦', 0),
('2026-01-02', 'holiday', '元旦', 0),
('2026-01-03', 'holiday', '元旦', 0),
('2026-02-15', 'holiday', '春节', 0),
('2026-02-16', 'holiday', '春节', 0),
('2026-02-17', 'holiday', '春节', 0),
('2026-02-18', 'holiday', '春节', 0),
('2026-02-19', 'holiday', '春节', 0),
('2026-02-20', 'holiday', '春节', 0),
('2026-02-21', 'holiday', '春节', 0),
('2026-02-22', 'holiday', '春节', 0),
('2026-02-23', 'holiday', '春节', 0),
('2026-04-04', 'holiday', '清明节', 0),
('2026-04-05', 'holiday', '清明节', 0),
('2026-04-06', 'holiday', '清明节', 0),
('2026-05-01', 'holiday', '劳动节', 0),
('2026-05-02', 'holiday', '劳动节', 0),
('2026-05-03', 'holiday', '劳动节', 0),
('2026-05-04', 'holiday', '劳动节', 0),
('2026-05-05', 'holiday', '劳动节', 0),
('2026-06-19', 'holiday', '端午节', 0),
('2026-06-20', 'holiday', '端午节', 0),
('2026-06-21', 'holiday', '端午节', 0),
('2026-09-25', 'holiday', '中秋节', 0),
('2026-09-26', 'holiday', '中秋节', 0),
('2026-09-27', 'holiday', '中秋节', 0),
('2026-10-01', 'holiday', '国庆节', 0),
('2026-10-02', 'holiday', '国庆节', 0),
('2026-10-03', 'holiday', '国庆节', 0),
('2026-10-04', 'holiday', '国庆节', 0),
('2026-10-05', 'holiday', '国庆节', 0),
('2026-10-06', 'holiday', '国庆节', 0),
('2026-10-07', 'holiday', '国庆节', 0),
('2026-01-04', 'workday', '元旦调休上班', 0),
('2026-02-14', 'workday', '春节调休上班', 0),
('2026-02-28', 'workday', '春节调休上班', 0),
('2026-05-09', 'workday', '劳动节调休上班', 0),
('2026-09-20', 'workday', '国庆节调休上班', 0),
('2026-10-10', 'workday', '国庆节调休上班', 0);
