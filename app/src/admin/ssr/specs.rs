//! Every console list, declared once: its tables, columns, search, filter, order, link and roles. Only
//! these strings reach the SQL; what the user types is bound by [`super::lists`].
use crate::admin::types::GRANTABLE_ROLES;
use crate::tickets::types::TICKET_STAFF_ROLES;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Format {
    Text,
    /// Unix ms → China date and time.
    Time,
    Phone,
    IdNumber,
}

pub struct Column {
    pub header: (&'static str, &'static str),
    pub expr: String,
    pub format: Format,
}

pub struct Filter {
    /// SQL with `?F` where the chosen value is bound.
    pub clause: &'static str,
    pub options: Vec<(&'static str, &'static str, &'static str)>,
}

pub struct ListSpec {
    pub roles: &'static [&'static str],
    pub from: &'static str,
    pub id: &'static str,
    pub columns: Vec<Column>,
    pub search: &'static [&'static str],
    pub filter: Option<Filter>,
    pub order: &'static str,
    pub row_link: Option<&'static str>,
}

const OPERATOR: &[&str] = &["system_admin"];
const OPERATOR_AND_SUPPORT: &[&str] = &["system_admin", "support"];
pub(crate) const EXAM_OFFICE: &[&str] = &["system_admin", "exam_admin"];

pub(crate) fn col(header: (&'static str, &'static str), expr: &str) -> Column {
    Column { header, expr: expr.to_string(), format: Format::Text }
}

pub(crate) fn time(header: (&'static str, &'static str), expr: &str) -> Column {
    Column { header, expr: expr.to_string(), format: Format::Time }
}

pub(crate) fn masked(header: (&'static str, &'static str), expr: &str, format: Format) -> Column {
    Column { header, expr: expr.to_string(), format }
}

pub(crate) fn count(header: (&'static str, &'static str), sql: &str) -> Column {
    col(header, &format!("({sql})"))
}

pub(crate) fn filter(clause: &'static str, options: &[(&'static str, &'static str, &'static str)]) -> Option<Filter> {
    Some(Filter { clause, options: options.to_vec() })
}

/// "candidate reviewer" for a user row `u`: the roles as one text, without database-specific aggregates.
fn roles_expr() -> String {
    let parts: Vec<String> = GRANTABLE_ROLES
        .iter()
        .map(|(role, ..)| {
            format!("CASE WHEN EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = '{role}') THEN '{role} ' ELSE '' END")
        })
        .chain(std::iter::once(
            "CASE WHEN EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'org_admin') THEN 'org_admin' ELSE '' END"
                .to_string(),
        ))
        .collect();
    format!("TRIM({})", parts.join(" || "))
}

pub fn spec(kind: &str) -> Option<ListSpec> {
    let spec = match kind {
        "users" => ListSpec {
            roles: OPERATOR_AND_SUPPORT,
            from: "users u",
            id: "u.id",
            columns: vec![
                col(("用户名", "User name"), "u.username"),
                col(("姓名", "Name"), "u.real_name"),
                masked(("证件号码", "ID number"), "u.id_number", Format::IdNumber),
                masked(("手机号", "Phone"), "u.phone", Format::Phone),
                col(("实名状态", "Identity"), "u.identity_status"),
                col(("角色", "Roles"), &roles_expr()),
                col(("所属地区", "Region"), "u.home_region_code"),
                time(("注册时间", "Registered"), "u.created_ms"),
            ],
            search: &["u.username", "u.real_name", "u.phone", "u.id_number"],
            filter: filter(
                "EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = ?F)",
                GRANTABLE_ROLES,
            ),
            order: "u.id DESC",
            row_link: None,
        },
        "units" => ListSpec {
            roles: OPERATOR,
            from: "units n LEFT JOIN regions r ON r.code = n.region_code",
            id: "n.id",
            columns: vec![
                col(("单位名称", "Unit"), "n.name"),
                col(("地区", "Region"), "r.name"),
                time(("添加时间", "Added"), "n.created_ms"),
            ],
            search: &["n.name"],
            filter: None,
            order: "n.name",
            row_link: None,
        },
        "unit_requests" => ListSpec {
            roles: OPERATOR_AND_SUPPORT,
            from: "unit_requests q JOIN users u ON u.id = q.user_id",
            id: "q.id",
            columns: vec![
                col(("单位名称", "Unit"), "q.name"),
                col(("说明", "Note"), "q.note"),
                col(("申请人", "Requested by"), "u.real_name"),
                col(("状态", "Status"), "q.status"),
                time(("申请时间", "Requested"), "q.created_ms"),
            ],
            search: &["q.name", "u.real_name"],
            filter: filter(
                "q.status = ?F",
                &[("open", "待处理", "Open"), ("added", "已添加", "Added"), ("refused", "已拒绝", "Refused")],
            ),
            order: "q.id DESC",
            row_link: None,
        },
        "specialties" => ListSpec {
            roles: OPERATOR,
            from: "specialties s",
            id: "s.code",
            columns: vec![
                col(("代码", "Code"), "s.code"),
                col(("名称", "Name"), "s.name"),
                col(("上级", "Parent"), "s.parent_code"),
                col(("级别", "Level"), "s.level"),
                col(("旧专业", "Legacy"), "CASE WHEN s.legacy = 1 THEN '旧专业' ELSE '' END"),
                count(
                    ("可对应新专业", "Maps to"),
                    "SELECT COUNT(*) FROM specialty_mappings m WHERE m.legacy_code = s.code",
                ),
            ],
            search: &["s.code", "s.name"],
            filter: filter(
                "CAST(s.level AS TEXT) = ?F",
                &[("1", "一级", "Level 1"), ("2", "二级", "Level 2"), ("3", "三级", "Level 3")],
            ),
            order: "s.code",
            row_link: None,
        },
        "pool" => return Some(crate::pool::list::spec()),
        "windows" => ListSpec {
            roles: OPERATOR,
            from: "application_windows w",
            id: "w.id",
            columns: vec![
                col(("批次", "Window"), "w.title"),
                col(("类型", "Kind"), "CASE WHEN w.kind = 'new' THEN '常态征集' ELSE '续聘' END"),
                time(("开始", "Opens"), "w.opens_ms"),
                time(("结束", "Closes"), "w.closes_ms"),
                count(("申请数", "Applications"), "SELECT COUNT(*) FROM applications a WHERE a.window_id = w.id"),
            ],
            search: &["w.title"],
            filter: filter("w.kind = ?F", &[("new", "常态征集", "New experts"), ("renewal", "续聘", "Renewal")]),
            order: "w.opens_ms DESC",
            row_link: None,
        },
        "applications" => ListSpec {
            roles: OPERATOR,
            from: "applications a JOIN users u ON u.id = a.user_id JOIN application_windows w ON w.id = a.window_id",
            id: "a.id",
            columns: vec![
                col(("申请人", "Applicant"), "u.real_name"),
                col(("批次", "Window"), "w.title"),
                col(("状态", "Status"), "a.status"),
                col(("审核阶段", "Stage"), "a.stage"),
                col(("地区", "Region"), "a.region_code"),
                time(("更新时间", "Updated"), "a.updated_ms"),
            ],
            search: &["u.real_name", "u.username", "w.title"],
            filter: filter(
                "a.status = ?F",
                &[
                    ("draft", "草稿", "Draft"),
                    ("submitted", "审核中", "In review"),
                    ("returned", "已退回", "Returned"),
                    ("approved", "已通过", "Approved"),
                ],
            ),
            order: "a.updated_ms DESC",
            row_link: None,
        },
        "reviewers" => ListSpec {
            roles: OPERATOR,
            from: "reviewer_scopes s JOIN users u ON u.id = s.user_id",
            id: "s.id",
            columns: vec![
                col(("用户名", "User name"), "u.username"),
                col(("姓名", "Name"), "u.real_name"),
                col(("审核阶段", "Stage"), "s.stage"),
                col(("地区前缀", "Region prefix"), "s.region_prefix"),
                col(("专业前缀", "Specialty prefix"), "s.specialty_prefix"),
            ],
            search: &["u.username", "u.real_name"],
            filter: filter(
                "CAST(s.stage AS TEXT) = ?F",
                &[
                    ("1", "第一阶段", "Stage 1"),
                    ("2", "第二阶段", "Stage 2"),
                    ("3", "第三阶段", "Stage 3"),
                    ("4", "第四阶段", "Stage 4"),
                ],
            ),
            order: "s.stage, u.username",
            row_link: None,
        },
        "questions" => ListSpec {
            roles: EXAM_OFFICE,
            from: "questions q",
            id: "q.id",
            columns: vec![
                col(
                    ("题型", "Kind"),
                    "CASE q.kind WHEN 'single' THEN '单选' WHEN 'multiple' THEN '多选' ELSE '填空' END",
                ),
                col(("题干", "Stem"), "q.stem"),
                col(("启用", "Active"), "CASE WHEN q.active = 1 THEN '是' ELSE '否' END"),
                time(("更新时间", "Updated"), "q.updated_ms"),
            ],
            search: &["q.stem"],
            filter: filter(
                "q.kind = ?F",
                &[
                    ("single", "单选", "Single choice"),
                    ("multiple", "多选", "Multiple choice"),
                    ("fill", "填空", "Fill in"),
                ],
            ),
            order: "q.id",
            row_link: None,
        },
        "exams" => ListSpec {
            roles: EXAM_OFFICE,
            from: "exams e",
            id: "e.id",
            columns: vec![
                col(("考试", "Exam"), "e.title"),
                col(("类型", "Kind"), "CASE WHEN e.kind = 'formal' THEN '正式考试' ELSE '模拟考试' END"),
                time(("开始时间", "Starts"), "e.start_ms"),
                col(("时长（分钟）", "Minutes"), "e.duration_min"),
                col(("及格分", "Pass mark"), "e.pass_mark"),
                count(("作答数", "Attempts"), "SELECT COUNT(*) FROM attempts t WHERE t.exam_id = e.id"),
            ],
            search: &["e.title"],
            filter: filter("e.kind = ?F", &[("formal", "正式考试", "Formal"), ("mock", "模拟考试", "Mock")]),
            order: "e.start_ms DESC",
            row_link: None,
        },
        "attempts" => ListSpec {
            roles: EXAM_OFFICE,
            from: "attempts t JOIN exams e ON e.id = t.exam_id JOIN users u ON u.id = t.user_id",
            id: "t.id",
            columns: vec![
                col(("考试", "Exam"), "e.title"),
                col(("考生", "Candidate"), "u.real_name"),
                col(("状态", "Status"), "t.status"),
                col(("结果", "Outcome"), "t.outcome"),
                col(("得分", "Score"), "t.score"),
                col(("切屏次数", "Switches"), "t.switch_count"),
                col(("多人画面", "Multi-person"), "t.multi_face_count"),
                time(("交卷时间", "Handed in"), "t.submitted_ms"),
            ],
            search: &["e.title", "u.real_name"],
            filter: filter(
                "t.outcome = ?F",
                &[
                    ("pending_review", "待复核", "Pending review"),
                    ("passed", "合格", "Passed"),
                    ("failed", "不合格", "Failed"),
                ],
            ),
            order: "t.id DESC",
            row_link: Some("/exam-admin/attempts/{id}"),
        },
        "appeals" => ListSpec {
            roles: OPERATOR_AND_SUPPORT,
            from: "account_appeals p JOIN users u ON u.id = p.user_id",
            id: "p.id",
            columns: vec![
                col(("申诉人", "User"), "u.real_name"),
                masked(("新手机号", "New phone"), "p.new_phone", Format::Phone),
                col(("状态", "Status"), "p.status"),
                time(("提交时间", "Submitted"), "p.submitted_ms"),
                time(("处理时间", "Reviewed"), "p.reviewed_ms"),
            ],
            search: &["u.real_name", "u.username"],
            filter: filter(
                "p.status = ?F",
                &[
                    ("pending", "待审核", "Pending"),
                    ("approved", "已通过", "Approved"),
                    ("refused", "已驳回", "Refused"),
                    ("draft", "未提交", "Draft"),
                ],
            ),
            order: "p.id DESC",
            row_link: None,
        },
        "training" => ListSpec {
            roles: EXAM_OFFICE,
            from: "training_sessions s JOIN regions r ON r.code = s.region_code",
            id: "s.id",
            columns: vec![
                col(("课程", "Course"), "s.title"),
                col(("地区", "Region"), "r.name"),
                col(("日期", "Date"), "s.session_date"),
                count(
                    ("报名人数", "Registered"),
                    "SELECT COUNT(*) FROM training_registrations t WHERE t.session_id = s.id",
                ),
                col(("直播地址", "Stream"), "s.stream_url"),
            ],
            search: &["s.title", "r.name"],
            filter: None,
            order: "s.session_date DESC, s.id DESC",
            row_link: None,
        },
        "materials" => ListSpec {
            roles: EXAM_OFFICE,
            from: "training_materials m",
            id: "m.id",
            columns: vec![
                col(("资料", "Material"), "m.title"),
                col(("类型", "Type"), "m.content_type"),
                col(("大小（字节）", "Bytes"), "m.size_bytes"),
                time(("上传时间", "Uploaded"), "m.created_ms"),
            ],
            search: &["m.title"],
            filter: None,
            order: "m.id DESC",
            row_link: Some("/api/training/materials/{id}"),
        },
        "tickets" => ListSpec {
            roles: TICKET_STAFF_ROLES,
            from: "tickets k JOIN users u ON u.id = k.user_id",
            id: "k.id",
            columns: vec![
                col(("类别", "Category"), "k.category"),
                col(("标题", "Subject"), "k.subject"),
                col(("提交人", "From"), "u.real_name"),
                col(("状态", "Status"), "k.status"),
                time(("更新时间", "Updated"), "k.updated_ms"),
            ],
            search: &["k.subject", "u.real_name"],
            filter: filter(
                "k.status = ?F",
                &[("open", "待处理", "Open"), ("answered", "已回复", "Answered"), ("closed", "已关闭", "Closed")],
            ),
            order: "k.updated_ms DESC, k.id DESC",
            row_link: Some("/tickets/{id}"),
        },
        "outbox" => ListSpec {
            roles: OPERATOR_AND_SUPPORT,
            from: "sms_outbox o",
            id: "o.id",
            columns: vec![
                masked(("手机号", "Phone"), "o.phone", Format::Phone),
                col(("内容", "Message"), "o.body"),
                time(("时间", "Sent"), "o.created_ms"),
            ],
            search: &["o.body", "o.phone"],
            filter: None,
            order: "o.id DESC",
            row_link: None,
        },
        "audit" => ListSpec {
            roles: OPERATOR_AND_SUPPORT,
            from: "audit_log a LEFT JOIN users u ON u.id = a.actor_user_id",
            id: "a.id",
            columns: vec![
                col(("操作人", "Who"), "u.username"),
                col(("操作", "Action"), "a.action"),
                col(("对象", "Subject"), "a.subject"),
                col(("详情", "Detail"), "a.detail"),
                time(("时间", "When"), "a.created_ms"),
            ],
            search: &["a.action", "a.subject", "a.detail", "u.username"],
            filter: None,
            order: "a.id DESC",
            row_link: None,
        },
        _ => return crate::registration::ssr::lists::spec(kind),
    };
    Some(spec)
}
