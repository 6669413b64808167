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
