//! The console's registration lists (windows, catalog, sites, the on-site check queue, orders), declared
//! like every other list in `admin/ssr/specs.rs`. The orders list with its CSV is the reconciliation report.
use crate::admin::ssr::specs::{col, filter, masked, time, Format, ListSpec, EXAM_OFFICE};

pub fn spec(kind: &str) -> Option<ListSpec> {
    let spec = match kind {
        "reg_windows" => ListSpec {
            roles: EXAM_OFFICE,
            from: "reg_windows w",
            id: "w.id",
            columns: vec![
                col(("批次", "Window"), "w.title"),
                col(("考试年度", "Year"), "w.exam_year"),
                col(("开始", "Opens"), "w.opens_on"),
                col(("截止", "Closes"), "w.closes_on"),
                col(("每科费用(分)", "Fee per subject (fen)"), "w.fee_per_subject_fen"),
                col(("确认后可改", "Editable after confirming"), "w.editable_after_confirm"),
            ],
            search: &["w.title"],
            filter: None,
            order: "w.id DESC",
            row_link: None,
        },
        "reg_catalog" => ListSpec {
            roles: EXAM_OFFICE,
            from: "reg_subjects s JOIN reg_levels l ON l.code = s.level_code LEFT JOIN reg_specialties p ON p.id = s.specialty_id",
            id: "s.code",
            columns: vec![
                col(("科目代码", "Subject code"), "s.code"),
                col(("科目", "Subject"), "s.name"),
                col(("级别", "Level"), "l.name"),
                col(("专业", "Specialty"), "COALESCE(p.name, '公共科目')"),
            ],
            search: &["s.code", "s.name", "l.name", "p.name"],
            filter: None,
            order: "s.code",
            row_link: None,
        },
        "reg_sites" => ListSpec {
            roles: EXAM_OFFICE,
            from: "reg_sites t JOIN reg_windows w ON w.id = t.window_id",
            id: "t.id",
            columns: vec![
                col(("考点", "Site"), "t.name"),
                col(("地址", "Address"), "t.address"),
                col(("批次", "Window"), "w.title"),
                col(("容量", "Capacity"), "t.capacity"),
                col(("已缴费", "Paid seats"), "t.taken"),
            ],
            search: &["t.name", "t.address", "w.title"],
            filter: None,
            order: "t.id DESC",
            row_link: None,
        },
        "reg_checks" => ListSpec {
            roles: EXAM_OFFICE,
            from: "registrations r JOIN users u ON u.id = r.user_id JOIN reg_windows w ON w.id = r.window_id",
            id: "r.id",
            columns: vec![
                col(("姓名", "Name"), "u.real_name"),
                masked(("证件号码", "ID number"), "u.id_number", Format::IdNumber),
                col(("批次", "Window"), "w.title"),
                col(("核查方式", "Route"), "r.route"),
                col(("核查状态", "Check"), "r.check_status"),
                col(("说明", "Note"), "r.check_note"),
                time(("更新时间", "Updated"), "r.updated_ms"),
            ],
            search: &["u.real_name", "u.id_number", "w.title"],
            filter: filter(
                "r.check_status = ?F",
                &[
                    ("onsite_pending", "待现场核查", "Waiting for the on-site check"),
                    ("onsite_passed", "现场核查通过", "Passed on site"),
                    ("onsite_failed", "现场核查未通过", "Failed on site"),
                    ("commitment", "告知承诺（线上核查）", "Commitment (checked online)"),
                ],
            ),
            order: "r.updated_ms, r.id",
            row_link: None,
        },
        "reg_orders" => ListSpec {
            roles: EXAM_OFFICE,
            from: "payment_orders o JOIN registrations r ON r.id = o.registration_id JOIN users u ON u.id = r.user_id",
            id: "o.id",
            columns: vec![
                col(("订单号", "Order"), "o.out_trade_no"),
                col(("姓名", "Name"), "u.real_name"),
                col(("金额(分)", "Amount (fen)"), "o.amount_fen"),
                col(("状态", "Status"), "o.status"),
                col(("确认方式", "Learnt by"), "o.paid_via"),
                col(("支付流水号", "Provider trade"), "o.provider_trade_no"),
                time(("下单时间", "Ordered"), "o.created_ms"),
                time(("支付时间", "Paid"), "o.paid_ms"),
            ],
            search: &["o.out_trade_no", "u.real_name", "o.provider_trade_no"],
            filter: filter(
                "o.status = ?F",
                &[
                    ("created", "待支付", "Unpaid"),
                    ("paid", "已支付", "Paid"),
                    ("refunding", "退款中", "Refunding"),
                    ("refunded", "已退款", "Refunded"),
                    ("closed", "已关闭", "Closed"),
                ],
            ),
            order: "o.id DESC",
            row_link: None,
        },
        _ => return None,
    };
    Some(spec)
}
