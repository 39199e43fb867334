//! `/orgs/:id/staff`: the exam results and certificates of everyone the organization authorized, for its
//! admin and its 培训管理员 (seed 003 方式三 "企业信息 → 培训列表 → 查看结果").
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::error::AppError;
use crate::exams::pages::china_time;
use crate::exams::types::Certificate;
use crate::i18n::use_i18n;
use crate::orgs::api::staff_certificates;
use crate::shell::RequireSignIn;
use crate::ui::loaded::{load, loaded};

#[component]
pub fn OrgStaffPage() -> impl IntoView {
    view! { <RequireSignIn><OrgStaff/></RequireSignIn> }
}

#[component]
fn OrgStaff() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = RwSignal::new(None::<Result<Vec<Certificate>, AppError>>);
    Effect::new(move |_| match params.read().get("id").and_then(|id| id.parse::<i64>().ok()) {
        Some(org_id) => load(data, staff_certificates(org_id)),
        None => data.set(Some(Err(AppError::NotFound))),
    });
    let heading = i18n.pick("本单位人员考试结果", "Staff exam results");
    view! {
        <section class="card">
            <h1>{heading}</h1>
            <p class="hint">{i18n.t(
                "本单位授权的人员（任一角色）取得的考试证书。",
                "Certificates of everyone the organization authorized (any role).",
            )}</p>
            {loaded(data, move |list: Vec<Certificate>| view! {
                {list.is_empty().then(|| view! { <p>{i18n.t("本单位人员暂无考试证书。", "No certificates yet.")}</p> })}
                {(!list.is_empty()).then(|| view! {
                    <table aria-label=heading>
                        <thead><tr>
                            <th>{i18n.t("姓名", "Name")}</th><th>{i18n.t("证件号码", "ID number")}</th>
                            <th>{i18n.t("考试", "Exam")}</th><th>{i18n.t("成绩", "Score")}</th>
                            <th>{i18n.t("证书编号", "Certificate")}</th><th>{i18n.t("颁发日期", "Issued")}</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|c| view! {
                                <tr>
                                    <td>{c.holder_name}</td><td>{c.id_number_masked}</td><td>{c.exam_title}</td>
                                    <td>{format!("{}/{}", c.score, c.max_score)}</td>
                                    <td>{c.serial}{c.revoked_reason.map(|r| format!("（{}：{r}）", i18n.pick("已撤销", "revoked")))}</td>
                                    <td>{china_time(c.issued_ms)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })}
            })}
        </section>
    }
}
