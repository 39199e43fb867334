//! Read-only views of an application: everything in it (for the applicant once submitted, and for the
//! reviewer), the four review stages with the current one marked, and the review log (操作记录).
use leptos::prelude::*;

use crate::applications::types::{Application, LogEntry, ATTACHMENT_KINDS, STAGES};
use crate::applications::vocabulary::{shown, DEGREES, EDUCATION_LEVELS, POLITICAL_STATUSES, TITLE_LEVELS};
use crate::exams::pages::china_time;
use crate::i18n::use_i18n;

#[component]
pub fn StageTrack(status: String, stage: i64) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="stage-track" aria-label=i18n.pick("审核环节", "Review stages")>
            {STAGES.iter().enumerate().map(|(i, (zh, en))| {
                let n = i as i64 + 1;
                let state = match status.as_str() {
                    "approved" => "done",
                    "draft" => "todo",
                    _ if n < stage => "done",
                    _ if n == stage => "current",
                    _ => "todo",
                };
                view! { <li class=state aria-current=(state == "current").then_some("step")>{i18n.pick(zh, en).to_string()}</li> }
            }).collect_view()}
        </ol>
    }
}

#[component]
pub fn ReviewLog(log: Vec<LogEntry>) -> impl IntoView {
    let i18n = use_i18n();
    if log.is_empty() {
        return ().into_any();
    }
    view! {
        <h2>{i18n.t("操作记录", "Review log")}</h2>
        <table class="list" id="review-log" aria-label=i18n.pick("操作记录", "Review log")>
            <thead><tr>
                <th>{i18n.t("时间", "Time")}</th><th>{i18n.t("环节", "Stage")}</th><th>{i18n.t("操作人", "By")}</th>
                <th>{i18n.t("专业", "Specialty")}</th><th>{i18n.t("操作", "Action")}</th><th>{i18n.t("意见", "Opinion")}</th>
            </tr></thead>
            <tbody>
                {log.into_iter().map(|entry| {
                    let stage = crate::applications::types::stage_name(entry.stage);
                    let action = match entry.action.as_str() {
                        "submitted" => ("提交审核", "Submitted"),
                        "resubmitted" => ("修改后重新提交", "Resubmitted"),
                        "approved" => ("审核通过", "Approved"),
                        "returned" => ("退回修改", "Returned"),
                        _ => ("—", "—"),
                    };
                    view! { <tr>
                        <td>{china_time(entry.created_ms)}</td>
                        <td>{i18n.pick(&stage.zh, &stage.en).to_string()}</td>
                        <td>{entry.actor}</td>
                        <td>{entry.specialty.unwrap_or_default()}</td>
                        <td>{i18n.t(action.0, action.1)}</td>
                        <td>{entry.comment}</td>
                    </tr> }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// Every part of the application, read-only, with links to the attachments and the printed form.
#[component]
pub fn Summary(app: Application) -> impl IntoView {
    let i18n = use_i18n();
    let id = app.id;
    let row = |label: (&'static str, &'static str), value: String| {
        view! { <tr><th scope="row">{i18n.t(label.0, label.1)}</th><td>{value}</td></tr> }
    };
    // Generated words follow the page's language; what the applicant typed stays as typed.
    let en = i18n.lang.get_untracked() == crate::i18n::Lang::En;
    let word = move |list: &[(&'static str, &'static str)], value: &str| shown(list, value, en).to_string();
    view! {
        <table class="summary" aria-label=i18n.pick("申请内容", "Application")>
            <tbody>
                {row(("姓名", "Name"), app.person.real_name.clone())}
                {row(("身份证号", "ID number"), app.person.id_masked.clone())}
                {row(("移动电话", "Mobile"), app.person.phone_masked.clone())}
                {row(("政治面貌", "Political status"), word(&POLITICAL_STATUSES, &app.basic.political_status))}
                {row(("居住地区", "Residence"), app.region_path.clone())}
                {row(("工作单位", "Work unit"), app.unit_name.clone())}
                {app.basic.work.iter().map(|w| row(("工作经历", "Work"), format!("{} — {} {} {}", w.start_month, if w.end_month.is_empty() { i18n.pick("至今", "now") } else { &w.end_month }, w.employer, w.position))).collect_view()}
                {app.certificates.iter().map(|c| row(("执业资格证书", "Certificate"), if en { format!("{} ({})", c.name, c.number) } else { format!("{}（{}）", c.name, c.number) })).collect_view()}
                {app.titles.iter().map(|t| row(("职称", "Title"), if en { format!("{} ({})", t.title, word(&TITLE_LEVELS, &t.level)) } else { format!("{}（{}）", t.title, t.level) })).collect_view()}
                {app.education.iter().map(|e| row(("学历学位", "Education"), format!("{} {} {} {} {}{}", e.input.graduated_month, e.input.school, e.input.major, word(&EDUCATION_LEVELS, &e.input.level), word(&DEGREES, &e.input.degree).replace('—', ""),
                    match (e.checked_online, en) { (true, false) => "（在线核验）", (false, false) => "（需现场核验）", (true, true) => " (checked online)", (false, true) => " (on-site check)" }))).collect_view()}
                {app.specialties.iter().map(|s| row(("评标专业", "Specialty"), s.path.clone())).collect_view()}
                {row(("专业描述", "Description"), app.description.clone())}
            </tbody>
        </table>
        {app.printed.then(|| view! { <p><a href=format!("/api/applications/{id}/form.pdf") download="">{i18n.t("下载资格审查表（PDF）", "Download the review form (PDF)")}</a></p> })}
        <ul class="attachments">
            {app.attachments.iter().map(|a| {
                let label = ATTACHMENT_KINDS.iter().find(|k| k.0 == a.kind).map(|k| i18n.pick(k.2, k.3)).unwrap_or("");
                view! { <li>{label.to_string()}{i18n.t("：", ": ")}<a href=format!("/api/applications/{id}/attachments/{}", a.id)>{a.file_name.clone()}</a></li> }
            }).collect_view()}
        </ul>
    }
}
