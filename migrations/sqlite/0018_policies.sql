-- 用户服务协议 and 隐私政策 (issue 19, PIPL). Keep in step with postgres/0018_policies.sql.
-- Numbered versions the system admin publishes; a registration accepts the newest of each, recorded with
-- the version and the time.
CREATE TABLE policies (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('terms', 'privacy')),
    version      BIGINT NOT NULL,
    body         TEXT NOT NULL,
    published_ms BIGINT NOT NULL,
    published_by BIGINT REFERENCES users (id),
    UNIQUE (kind, version)
);
CREATE TABLE policy_acceptances (
    user_id     BIGINT NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL,
    version     BIGINT NOT NULL,
    accepted_ms BIGINT NOT NULL
);
CREATE INDEX policy_acceptances_by_user ON policy_acceptances (user_id);
-- Version 1 of each, so a new installation can register people; the admin publishes the real texts.
INSERT INTO policies (kind, version, body, published_ms) VALUES
('terms', 1, '专家服务平台用户服务协议（第1版）

一、本平台为专家与考生提供注册、实名认证、专家申请、培训与在线考试服务。
二、用户应使用本人真实身份信息注册，妥善保管账号和密码，不得转借他人使用。
三、用户在考试中应遵守考试纪律，平台将按规则进行监考、抓拍与身份核验。
四、平台有权对违反本协议的账号采取限制措施，并依法配合有关部门调查。
五、本协议的修订将以新版本发布，修订后注册的用户须同意新版本。', 1764547200000),
('privacy', 1, '专家服务平台隐私政策（第1版）

一、我们收集的信息：姓名、证件类型与号码、手机号、证件照片、人脸照片、学历与职称材料、考试作答与监考抓拍。
二、使用目的：实名认证、专家申请审核、考试身份核验与监考、证书发放与查验、短信通知。
三、人脸信息属于敏感个人信息，仅用于身份核验与考试监考，首次采集前单独征得您的同意。
四、我们不会向无关第三方提供您的个人信息；法律法规另有规定的除外。
五、您可以通过工单或客服热线查询、更正您的个人信息。', 1764547200000);
