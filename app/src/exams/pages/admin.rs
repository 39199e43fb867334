//! The exam admin's side: attempts pending review and complaints (`/exam-admin`), and one attempt in
//! full with its answers, switches, snapshots and anomalies (`/exam-admin/attempts/:id`).
use leptos::prelude::*;

use crate::error::AppError;
use crate::exams::api::{
    answer_complaint, decide_face_check, decide_review, face_checks_to_review, find_attempts, open_complaints,
    overturn_pass, pending_reviews, review_attempt,
};
use crate::exams::pages::{china_time, route_id};
use crate::exams::types::{AnswerValue, AttemptListing, AttemptReview, Complaint, FaceCheckReview};
use crate::i18n::use_i18n;
use crate::shell::RequireSignIn;
use crate::ui::form::{FormAlert, FormState, TextField};
use crate::ui::loaded::{load, loaded};

#[component]
pub fn ExamAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let reviews = RwSignal::new(None::<Result<Vec<(i64, String, String)>, AppError>>);
    let complaints = RwSignal::new(None::<Result<Vec<Complaint>, AppError>>);
    let face_checks = RwSignal::new(None::<Result<Vec<FaceCheckReview>, AppError>>);
    let reload = move || {
        load(reviews, pending_reviews());
        load(complaints, open_complaints());
        load(face_checks, face_checks_to_review());
    };
    Effect::new(move |_| reload());
    let review_rows = move |list: Vec<(i64, String, String)>| {
        if list.is_empty() {
            return view! { <p>{i18n.t("没有待复核的考试。", "No attempts to review.")}</p> }.into_any();
        }
        view! {
            <ul>{list.into_iter().map(|(id, exam, candidate)| view! {
                <li><a href=format!("/exam-admin/attempts/{id}")>{format!("{exam} · {candidate}")}</a></li>
            }).collect_view()}</ul>
        }
        .into_any()
    };
    let complaint_rows = move |list: Vec<Complaint>| {
        if list.is_empty() {
            return view! { <p>{i18n.t("没有待处理的投诉。", "No open complaints.")}</p> }.into_any();
        }
        list.into_iter()
            .map(|c| view! { <ComplaintCard complaint=c on_done=Callback::new(move |_| reload())/> })
            .collect_view()
            .into_any()
    };
    view! {
        <RequireSignIn>
            <section class="card">
                <h1>{i18n.t("考务管理", "Exam office")}</h1>
                <h2>{i18n.t("题库", "Question bank")}</h2>
                <crate::exams::pages::setup::QuestionImport/>
                <h2>{i18n.t("创建考试", "Create an exam")}</h2>
                <crate::exams::pages::setup::CreateExam/>
                <h2>{i18n.t("成绩公布", "Publishing results")}</h2>
                <crate::exams::pages::results::ResultsPublishing/>
                <h2>{i18n.t("待复核", "Pending review")}</h2>
                {loaded(reviews, review_rows)}
                <h2>{i18n.t("考试记录查询", "Find an attempt")}</h2>
                <AttemptSearch/>
                <h2>{i18n.t("身份核验照片比对", "Identity photos to compare")}</h2>
                {loaded(face_checks, move |list: Vec<FaceCheckReview>| if list.is_empty() {
                    view! { <p>{i18n.t("没有待比对的照片。", "No photos to compare.")}</p> }.into_any()
                } else {
                    list.into_iter().map(|c| view! { <FaceCheckCard check=c on_done=Callback::new(move |_| reload())/> }).collect_view().into_any()
                })}
                <h2>{i18n.t("考试投诉", "Complaints")}</h2>
                {loaded(complaints, complaint_rows)}
            </section>
        </RequireSignIn>
    }
}

/// Any attempt, by candidate or exam: the office's way to an attempt that is not pending review.
#[component]
fn AttemptSearch() -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Result<Vec<AttemptListing>, AppError>>);
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        load(found, find_attempts(query.get_untracked()));
    };
    let rows = move |list: Vec<AttemptListing>| {
        if list.is_empty() {
            return view! { <p role="status">{i18n.t("没有找到考试记录。", "No attempts found.")}</p> }.into_any();
        }
        view! {
            <ul aria-label=i18n.t("考试记录", "Attempts")>{list.into_iter().map(|a| view! {
                <li>
                    <a href=format!("/exam-admin/attempts/{}", a.attempt_id)>{format!("{} · {}", a.exam_title, a.candidate)}</a>
                    " · "{china_time(a.started_ms)}" · "{move || outcome_text(i18n, a.outcome.as_deref())}
                </li>
            }).collect_view()}</ul>
        }
        .into_any()
    };
    view! {
        <form class="search" role="search" on:submit=search>
            <div class="field">
                <label for="attempt-query">{i18n.t("考生姓名、用户名、证件号或考试名称", "Candidate name, user name, ID number or exam")}</label>
                <input id="attempt-query" maxlength="50" prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
            </div>
            <button type="submit">{i18n.t("查询", "Search")}</button>
        </form>
        {move || found.get().is_some().then(|| loaded(found, rows))}
    }
}

fn outcome_text(i18n: crate::i18n::I18n, outcome: Option<&str>) -> &'static str {
    match outcome {
        Some("passed") => i18n.pick("合格", "Passed"),
        Some("failed") => i18n.pick("不合格", "Failed"),
        Some("pending_review") => i18n.pick("待复核", "Pending review"),
        _ => i18n.pick("作答中", "In progress"),
    }
}

/// How the paper was handed in, in words.
fn submit_reason_text(i18n: crate::i18n::I18n, reason: Option<&str>) -> &'static str {
    match reason {
        Some("candidate") => i18n.pick("考生交卷", "By the candidate"),
        Some("deadline") => i18n.pick("到时自动交卷", "Automatically at the deadline"),
        Some("switches") => i18n.pick("切屏超限自动交卷", "Automatically at the switch limit"),
        Some(_) => i18n.pick("其他", "Other"),
        None => i18n.pick("未交卷", "Not handed in"),
    }
}

/// The proctoring log's event kinds in words.
fn event_text(i18n: crate::i18n::I18n, kind: &str) -> &'static str {
    match kind {
        "snapshot" => i18n.pick("抓拍", "Snapshot"),
        "anomaly_other_person" => i18n.pick("非本人", "Another person"),
        "anomaly_multi_face" => i18n.pick("多人画面", "Several people"),
        "anomaly_no_face" => i18n.pick("画面无人", "Nobody in view"),
        "anomaly_camera_off" => i18n.pick("摄像头关闭", "Camera off"),
        "anomaly_camera_silent" => i18n.pick("长时间无抓拍", "No snapshot for long"),
        "anomaly_identity" => i18n.pick("考前核验非本人", "Identity check rejected"),
        "switch_hidden" | "switch_fullscreen" | "switch_focus" => i18n.pick("切屏", "Switch"),
        "offline" => i18n.pick("离线", "Offline"),
        "pending_review" => i18n.pick("转入待复核", "Sent to review"),
        "pass_overturned" => i18n.pick("撤销合格", "Pass overturned"),
        _ => i18n.pick("其他", "Other"),
    }
}

/// A snapshot check's finding ("same 0.31", "several faces=3") in words, the distance kept.
fn finding_text(i18n: crate::i18n::I18n, detail: &str) -> String {
    let (word, rest) = detail.split_once(' ').unwrap_or((detail, ""));
    let said = match word {
        "same" => i18n.pick("本人", "Same person"),
        "other" => i18n.pick("非本人", "Another person"),
        "no_face" => i18n.pick("无人脸", "No face"),
        "several" => i18n.pick("多人", "Several faces"),
        "camera_off" => i18n.pick("摄像头无画面", "Camera dark"),
        "unchecked" => i18n.pick("未能比对，请人工查看", "Not compared: look yourself"),
        "queued" => i18n.pick("核验中", "Being checked"),
        _ => return detail.to_string(),
    };
    let rest = rest.trim();
    match rest.parse::<f64>() {
        Ok(distance) => format!("{said}{}{distance:.2}", i18n.pick("，距离 ", ", distance ")),
        Err(_) if rest.is_empty() => said.to_string(),
        Err(_) => format!("{said} {rest}"),
    }
}

#[component]
fn FaceCheckCard(check: FaceCheckReview, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let id = check.check_id;
    let decide = move |same: bool| form.run(decide_face_check(id, same), move |_| on_done.run(()));
    view! {
        <article class="review" aria-label=format!("{} {}", check.candidate, check.exam_title)>
            <p><strong>{check.candidate.clone()}</strong>" · "{check.exam_title.clone()}" · "{china_time(check.created_ms)}</p>
            <div class="photos">
                <img src=format!("/api/exam-admin/face-checks/{id}/verified") alt=i18n.t("实名认证照片", "Verified photo") loading="lazy"/>
                <img src=format!("/api/exam-admin/face-checks/{id}/live") alt=i18n.t("考前核验照片", "Exam check photo") loading="lazy"/>
            </div>
            <FormAlert form=form/>
            <button type="button" class="primary" on:click=move |_| decide(true) disabled=move || form.pending.get()>{i18n.t("本人", "Same person")}</button>
            " "
            <button type="button" on:click=move |_| decide(false) disabled=move || form.pending.get()>{i18n.t("非本人", "Not the same person")}</button>
        </article>
    }
}

#[component]
fn ComplaintCard(complaint: Complaint, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let answer = RwSignal::new(String::new());
    let id = complaint.complaint_id;
    let send = move |_| form.run(answer_complaint(id, answer.get_untracked()), move |_| on_done.run(()));
    view! {
        <article class="review" aria-label=format!("{} {}", complaint.candidate, complaint.exam_title)>
            <p><strong>{complaint.candidate.clone()}</strong>" · "{complaint.exam_title.clone()}" · "{china_time(complaint.created_ms)}</p>
            <p>{complaint.body.clone()}</p>
            <a href=format!("/exam-admin/attempts/{}", complaint.attempt_id)>{i18n.t("查看考试记录", "Open the attempt")}</a>
            <FormAlert form=form/>
            <div class="field">
                <label for=format!("answer-{id}")>{i18n.t("答复（短信发送给考生）", "Answer (sent by SMS)")}</label>
                <textarea id=format!("answer-{id}") maxlength="500" prop:value=move || answer.get() on:input=move |ev| answer.set(event_target_value(&ev))></textarea>
            </div>
            <button type="button" class="primary" on:click=send disabled=move || form.pending.get()>{i18n.t("发送答复", "Send the answer")}</button>
        </article>
    }
}

#[component]
pub fn AttemptReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id();
    let attempt = RwSignal::new(None::<Result<AttemptReview, AppError>>);
    let reload = move || load(attempt, review_attempt(id.get_untracked()));
    Effect::new(move |_| {
        id.track();
        reload()
    });
    let show = move |a: AttemptReview| view! { <AttemptDetails attempt=a on_done=Callback::new(move |_| reload())/> };
    view! {
        <RequireSignIn>
            <section class="card">
                <h1>{i18n.t("考试记录", "Attempt")}</h1>
                {loaded(attempt, show)}
            </section>
        </RequireSignIn>
    }
}

fn answer_text(answer: &Option<AnswerValue>) -> String {
    match answer {
        Some(AnswerValue::Choices(c)) => c.iter().map(|i| char::from(b'A' + *i as u8)).collect(),
        Some(AnswerValue::Text(t)) => t.clone(),
        None => "—".into(),
    }
}

#[component]
fn AttemptDetails(attempt: AttemptReview, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let note = RwSignal::new(String::new());
    let id = attempt.attempt_id;
    let decide =
        move |overturn: bool| form.run(decide_review(id, overturn, note.get_untracked()), move |_| on_done.run(()));
    let pending = attempt.outcome.as_deref() == Some("pending_review");
    let passed = attempt.outcome.as_deref() == Some("passed");
    let verified_photo = attempt.has_verified_photo.then(|| format!("/api/exam-admin/attempts/{id}/verified-photo"));
    view! {
        <dl class="facts">
            <dt>{i18n.t("考试", "Exam")}</dt><dd>{attempt.exam_title.clone()}</dd>
            <dt>{i18n.t("考生", "Candidate")}</dt><dd>{attempt.candidate.clone()}</dd>
            <dt>{i18n.t("得分", "Score")}</dt><dd>{attempt.score.map(|s| s.to_string()).unwrap_or("—".into())}" / "{attempt.max_score}</dd>
            <dt>{i18n.t("结果", "Outcome")}</dt><dd id="attempt-outcome">{let outcome = attempt.outcome.clone(); move || outcome_text(i18n, outcome.as_deref())}</dd>
            <dt>{i18n.t("交卷方式", "Submitted by")}</dt><dd>{submit_reason_text(i18n, attempt.submit_reason.as_deref())}</dd>
            <dt>{i18n.t("切屏次数", "Switches")}</dt><dd>{attempt.switch_count}</dd>
            <dt>{i18n.t("多人画面次数", "Multi-person snapshots")}</dt><dd>{attempt.multi_face_count}</dd>
            <dt>{i18n.t("非本人抓拍次数", "Snapshots of another person")}</dt><dd>{attempt.other_person_count}</dd>
            {attempt.review_note.clone().map(|note| view! { <dt>{i18n.t("考务意见", "Office's note")}</dt><dd>{note}</dd> })}
            {attempt.certificate_serial.clone().map(|serial| view! {
                <dt>{i18n.t("证书", "Certificate")}</dt>
                <dd>{serial}" · "{if attempt.certificate_revoked { i18n.t("已撤销", "revoked") } else { i18n.t("有效", "valid") }}</dd>
            })}
        </dl>
        {passed.then(|| view! { <OverturnPass attempt_id=id on_done=on_done/> })}
        {pending.then(|| view! {
            <FormAlert form=form/>
            <div class="field">
                <label for="review-note">{i18n.t("复核意见", "Review note")}</label>
                <input id="review-note" maxlength="200" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
            </div>
            <button type="button" on:click=move |_| decide(false) disabled=move || form.pending.get()>{i18n.t("维持不合格", "Confirm: failed")}</button>
            " "
            <button type="button" class="primary" on:click=move |_| decide(true) disabled=move || form.pending.get()>{i18n.t("改判（按成绩）", "Overturn (score decides)")}</button>
        })}
        <h2>{i18n.t("监考记录", "Proctoring log")}</h2>
        {match verified_photo {
            Some(src) => view! {
                <figure class="verified-photo">
                    <img src=src alt=i18n.t("实名认证照片", "Verified photo") class="snapshot"/>
                    <figcaption>{i18n.t("实名认证照片（与下列抓拍比对）", "Verified photo (the snapshots are compared with it)")}</figcaption>
                </figure>
            }.into_any(),
            None => view! { <p>{i18n.t("考生没有实名认证照片。", "The candidate has no verified photo.")}</p> }.into_any(),
        }}
        <ul class="events">{attempt.events.into_iter().map(|e| {
            let what = event_text(i18n, &e.kind);
            let detail = if e.kind == "snapshot" { finding_text(i18n, &e.detail) } else { e.detail.clone() };
            let alt = format!("{what} {}", china_time(e.created_ms));
            view! {
                <li>
                    {china_time(e.created_ms)}" "<strong>{what}</strong>" "{detail}
                    {e.has_photo.then(|| view! { <img src=format!("/api/exam-admin/events/{}/photo", e.event_id) alt=alt loading="lazy" class="snapshot"/> })}
                </li>
            }
        }).collect_view()}</ul>
        <h2>{i18n.t("作答", "Answers")}</h2>
        <table>
            <thead><tr><th>"#"</th><th>{i18n.t("题干", "Question")}</th><th>{i18n.t("作答", "Answer")}</th><th>{i18n.t("正误", "Right")}</th></tr></thead>
            <tbody>{attempt.answers.into_iter().map(|a| view! {
                <tr><td>{a.position + 1}</td><td>{a.stem}</td><td>{answer_text(&a.given)}</td><td>{if a.correct { "✓" } else { "✗" }}</td></tr>
            }).collect_view()}</tbody>
        </table>
    }
}

/// Overturning a pass: a reason is required, and the candidate is told it by SMS.
#[component]
fn OverturnPass(attempt_id: i64, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let reason = RwSignal::new(String::new());
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.run(overturn_pass(attempt_id, reason.get_untracked()), move |_| on_done.run(()));
    };
    view! {
        <form class="overturn" on:submit=send aria-label=i18n.t("撤销合格", "Overturn the pass")>
            <FormAlert form=form/>
            <TextField name="reason" label=("撤销合格的理由（短信告知考生，证书将被撤销）", "Reason to overturn the pass (sent to the candidate; the certificate is revoked)") value=reason form=form maxlength=200/>
            <button type="submit" class="danger" disabled=move || form.pending.get()>{i18n.t("撤销合格", "Overturn the pass")}</button>
        </form>
    }
}
