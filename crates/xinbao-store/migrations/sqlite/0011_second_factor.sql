-- A second factor (TOTP, RFC 6238) per person, its one-time recovery codes, and installation
-- settings (the security policy). Seeds are stored SM4-encrypted by the application
-- (`sm4gcm:v1:…`); recovery codes only as SHA-256 hashes.
CREATE TABLE person_totp (
    person_id INTEGER PRIMARY KEY NOT NULL REFERENCES people(id),
    secret TEXT NOT NULL,
    -- NULL until a code confirmed the enrolment.
    enabled_at BIGINT,
    -- The last 30-s step a code was accepted for: a code of that step or earlier is a replay.
    last_step BIGINT,
    created_at BIGINT NOT NULL
);

CREATE TABLE totp_recovery_codes (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id),
    code_hash TEXT NOT NULL,
    used_at BIGINT
);
CREATE INDEX totp_recovery_codes_person ON totp_recovery_codes (person_id);

CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
