-- Indexes for the people search and the audit log filter by action.
CREATE INDEX people_name ON people (name);
CREATE INDEX audit_log_action ON audit_log (action, at);
