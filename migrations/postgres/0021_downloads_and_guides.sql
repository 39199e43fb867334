-- 资料下载 and 办理指南 on the portal (issue 19). Keep in step with sqlite/0021_downloads_and_guides.sql.
-- A material marked public is listed at /downloads for anyone (blank templates, guides); the others stay
-- with the candidates registered for a course.
ALTER TABLE training_materials ADD COLUMN public BIGINT NOT NULL DEFAULT 0;
-- A notice of kind 'guide' is a help page (办理指南) at /guides, not an item of the notice board.
ALTER TABLE notices ADD COLUMN kind TEXT NOT NULL DEFAULT 'notice';
