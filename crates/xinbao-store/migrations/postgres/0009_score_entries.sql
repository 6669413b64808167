-- Score entries (积分明细), materialised: each item an office scores (its "root", the item as
-- submitted to that office) keeps the entries its facts earn under the scheme in force on
-- each fact's day, before yearly caps. They are derived data: rewritten in the transaction of
-- every change to the item or its copies above, and rebuilt from the items by `xinbao
-- rescore`. Points in hundredths.
CREATE TABLE score_entries (
    root_id BIGINT NOT NULL REFERENCES items(id),
    office_id BIGINT NOT NULL REFERENCES units(id),
    -- When the root was submitted to the office: the period an entry belongs to.
    root_at BIGINT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    event BIGINT NOT NULL,
    -- reported, adopted, instructed, consolation.
    kind TEXT NOT NULL,
    at BIGINT NOT NULL,
    rule TEXT NOT NULL,
    points BIGINT NOT NULL,
    note TEXT
);
CREATE INDEX score_entries_office ON score_entries (office_id, root_at);
CREATE INDEX score_entries_root ON score_entries (root_id);
