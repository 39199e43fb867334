-- Tab switches as the page reported them (issue 17). Identical to postgres/0012_switch_reports.sql.
-- One row per report (the page's sequence number): a report sent again after a lost answer is taken once,
-- and a report that arrives late (sent after an outage) still counts at the time it happened.
CREATE TABLE attempt_switches (
    attempt_id  BIGINT NOT NULL REFERENCES attempts (id),
    seq         BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    at_ms       BIGINT NOT NULL,
    received_ms BIGINT NOT NULL,
    counted     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (attempt_id, seq)
);
