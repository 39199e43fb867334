-- The SMS outbox becomes a transactional outbox (issue 18). Keep in step with postgres/0015_outbox.sql.
-- A message is written in the transaction of the change it tells about and delivered afterwards by a
-- sender task, which claims it (claimed_ms, tries) and marks it delivered (sent_ms).
ALTER TABLE sms_outbox ADD COLUMN sent_ms BIGINT;
ALTER TABLE sms_outbox ADD COLUMN claimed_ms BIGINT;
ALTER TABLE sms_outbox ADD COLUMN tries BIGINT NOT NULL DEFAULT 0;
-- What the old provider wrote was delivered when it was written.
UPDATE sms_outbox SET sent_ms = created_ms;
CREATE INDEX sms_outbox_waiting ON sms_outbox (id) WHERE sent_ms IS NULL;

-- Unused uploads are removed after a day (housekeeping); a file is kept while a ticket links its bytes.
CREATE INDEX ticket_files_by_key ON ticket_files (storage_key);
CREATE INDEX stored_files_by_time ON stored_files (created_ms);
CREATE INDEX application_files_by_time ON application_files (created_ms);
-- What the removal asks of each old file: is it used?
CREATE INDEX identity_submissions_by_front ON identity_submissions (id_front_file);
CREATE INDEX identity_submissions_by_back ON identity_submissions (id_back_file);
CREATE INDEX identity_submissions_by_face ON identity_submissions (face_file);
CREATE INDEX application_attachments_by_file ON application_attachments (file_id);
CREATE INDEX application_titles_by_proof ON application_titles (proof_file_id);
