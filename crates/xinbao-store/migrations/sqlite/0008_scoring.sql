-- Scoring schemes (采用计分办法) per office, as the file administrators import and export.
-- Every saved version is kept (append-only): a change applies from its effective date, and
-- the scheme that scored a closed period can always be shown.
CREATE TABLE scoring_schemes (
    id INTEGER PRIMARY KEY,
    office_id BIGINT NOT NULL REFERENCES units(id),
    name TEXT NOT NULL,
    -- YYYY-MM-DD, Beijing.
    effective_from TEXT NOT NULL,
    body TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX scoring_schemes_office ON scoring_schemes (office_id, effective_from, id);
CREATE TRIGGER scoring_schemes_no_update BEFORE UPDATE ON scoring_schemes
BEGIN SELECT RAISE(ABORT, 'scoring_schemes is append-only'); END;
CREATE TRIGGER scoring_schemes_no_delete BEFORE DELETE ON scoring_schemes
BEGIN SELECT RAISE(ABORT, 'scoring_schemes is append-only'); END;

-- Penalties and corrections an office enters with a reason (a missed request, an untrue
-- item; a correction cancels or adjusts an earlier line by adding another). Points in
-- hundredths. Append-only: nothing a unit was shown disappears.
CREATE TABLE score_penalties (
    id INTEGER PRIMARY KEY,
    office_id BIGINT NOT NULL REFERENCES units(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    item_id BIGINT REFERENCES items(id),
    points BIGINT NOT NULL,
    reason TEXT NOT NULL,
    corrects_id BIGINT REFERENCES score_penalties(id),
    created_by BIGINT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX score_penalties_office ON score_penalties (office_id, created_at);
CREATE TRIGGER score_penalties_no_update BEFORE UPDATE ON score_penalties
BEGIN SELECT RAISE(ABORT, 'score_penalties is append-only'); END;
CREATE TRIGGER score_penalties_no_delete BEFORE DELETE ON score_penalties
BEGIN SELECT RAISE(ABORT, 'score_penalties is append-only'); END;

-- Reminders about quotas, once per unit, kind and period (`behind_pace` per month;
-- `none_sent` and `none_adopted` for two months running, to the principal leader), and the
-- days on which the daily check ran (the first instance to insert the day runs it).
CREATE TABLE quota_reminders (
    unit_id BIGINT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL,
    period TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (unit_id, kind, period)
);
CREATE TABLE quota_checks (
    day TEXT PRIMARY KEY,
    ran_at BIGINT NOT NULL
);
