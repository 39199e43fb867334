//! The console's list of the imported pool (现有专家库), declared like every list in `admin/ssr/specs.rs`.
use crate::admin::ssr::specs::{col, count, filter, masked, Format, ListSpec};

pub fn spec() -> ListSpec {
    ListSpec {
        roles: &["system_admin", "support"],
        from: "pool_records p LEFT JOIN users u ON u.id = p.user_id",
        id: "p.id",
        columns: vec![
            col(("姓名", "Name"), "p.real_name"),
            masked(("证件号码", "ID number"), "p.id_number", Format::IdNumber),
            masked(("手机号", "Phone"), "p.phone", Format::Phone),
            col(("地区", "Region"), "p.region_code"),
            count(("专业数", "Specialties"), "SELECT COUNT(*) FROM pool_record_specialties s WHERE s.record_id = p.id"),
            col(("有效期至", "Expires"), "p.expires_on"),
            col(("关联账号", "Account"), "COALESCE(u.username, '')"),
        ],
        search: &["p.real_name", "p.id_number", "p.phone"],
        filter: filter(
            "CASE WHEN p.user_id IS NULL THEN 'unlinked' ELSE 'linked' END = ?F",
            &[("linked", "已关联", "Linked"), ("unlinked", "未关联", "Not linked")],
        ),
        order: "p.id",
        row_link: None,
    }
}
