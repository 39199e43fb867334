//! 考前确认 (agreement → camera → network → identity) and the waiting room (seed 003).
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::error::{AppError, Text};
use crate::exams::api::{begin_attempt, confirm_step, confirmation_status, request_face_review};
use crate::exams::pages::{china_time, route_id};
use crate::exams::types::{Confirmation, FaceCheckResult, LiveFaces};
use crate::i18n::use_i18n;
use crate::shell::RequireSignIn;
use crate::ui::camera::Camera;
use crate::ui::form::{FormAlert, FormState};

/// The speed the network check recommends (Mbit/s).
const RECOMMENDED_MBPS: f64 = 2.0;

#[component]
pub fn ConfirmPage() -> impl IntoView {
    let i18n = use_i18n();
    let exam_id = route_id();
    let status = RwSignal::new(None::<Confirmation>);
    let form = FormState::new();
    Effect::new(move |_| form.run(confirmation_status(exam_id.get()), move |c| status.set(Some(c))));
    let navigate = use_navigate();
    // Done with every step this exam needs: on to the waiting room.
    Effect::new(move |_| {
        if let Some(c) = status.get() {
            if c.agreed && (!c.proctoring || (c.camera_ok && c.network_ok && c.identity_ok)) {
                navigate(&format!("/exams/{}/wait", c.exam_id), Default::default());
            }
        }
    });
    let step = move |c: &Confirmation| match (c.agreed, c.camera_ok, c.network_ok) {
        (false, _, _) => 1,
        (true, false, _) => 2,
        (true, true, false) => 3,
        _ => 4,
    };
    let done = Callback::new(move |c: Confirmation| status.set(Some(c)));
    view! {
        <RequireSignIn>
            <section class="card">
                <h1>{i18n.t("考前确认", "Before the exam")}" · "{move || status.get().map(|c| c.title).unwrap_or_default()}</h1>
                <FormAlert form=form/>
                {move || status.get().map(|c| {
                    let current = step(&c);
                    let names: &[(&str, &str)] = if c.proctoring {
                        &[("考试须知", "Notice"), ("设备检测", "Camera"), ("网络检测", "Network"), ("身份核验", "Identity")]
                    } else {
                        &[("考试须知", "Notice")]
                    };
                    view! {
                        <ol class="steps">
                            {names.iter().enumerate().map(|(i, (zh, en))| view! {
                                <li aria-current=(i + 1 == current).then_some("step")>{i18n.pick(zh, en).to_string()}</li>
                            }).collect_view()}
                        </ol>
                        {match current {
                            1 => view! { <AgreementStep exam_id=c.exam_id done=done/> }.into_any(),
                            2 => view! { <CameraStep exam_id=c.exam_id done=done/> }.into_any(),
                            3 => view! { <NetworkStep exam_id=c.exam_id done=done/> }.into_any(),
                            _ => view! { <IdentityStep confirmation=c.clone() done=done/> }.into_any(),
                        }}
                    }
                })}
            </section>
        </RequireSignIn>
    }
}

#[component]
fn AgreementStep(exam_id: i64, done: Callback<Confirmation>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let agreed = RwSignal::new(false);
    view! {
        <ul class="hint">
            <li>{i18n.t("考试全程全屏作答；离开考试页面或退出全屏记为切屏一次，达到上限系统自动收卷。", "Answer in fullscreen; leaving the page or fullscreen counts as a switch, and at the limit the paper is submitted.")}</li>
            <li>{i18n.t("考试计时以服务器时间为准，断网不停止计时，时间到系统自动交卷。", "The server keeps the time; it doesn't stop when you go offline, and at zero the paper is submitted.")}</li>
            <li>{i18n.t("每道题作答后自动保存；刷新或更换电脑可继续作答。", "Every answer is saved as you give it; a reload or another computer resumes the attempt.")}</li>
            <li>{i18n.t("正式考试全程开启摄像头并随机抓拍，请保持本人正脸在画面中。", "In formal exams the camera stays on and takes random snapshots: keep your face in view.")}</li>
        </ul>
        <label class="check">
            <input type="checkbox" prop:checked=move || agreed.get() on:change=move |ev| agreed.set(event_target_checked(&ev))/>
            {i18n.t("我已阅读考试须知，并同意《用户信息授权使用协议》", "I have read the notice and agree to the data-use agreement")}
        </label>
        <FormAlert form=form/>
        <button type="button" class="primary" disabled=move || !agreed.get() || form.pending.get()
            on:click=move |_| form.run(confirm_step(exam_id, "agreement".into()), move |c| done.run(c))>
            {i18n.t("下一步", "Next")}
        </button>
    }
}

#[component]
fn CameraStep(exam_id: i64, done: Callback<Confirmation>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let live = RwSignal::new(false);
    view! {
        <p>{i18n.t("请开启摄像头，看到自己的画面后点击下一步。", "Turn the camera on; when you see yourself, press Next.")}</p>
        <Camera on_capture=Callback::new(|_| {}) live=live capture_label=("测试拍照", "Test photo")/>
        <FormAlert form=form/>
        <button type="button" class="primary" disabled=move || !live.get() || form.pending.get()
            on:click=move |_| form.run(confirm_step(exam_id, "camera".into()), move |c| done.run(c))>
            {i18n.t("下一步", "Next")}
        </button>
    }
}

#[component]
fn NetworkStep(exam_id: i64, done: Callback<Confirmation>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let measured = RwSignal::new(None::<f64>);
    let measuring = RwSignal::new(false);
    let measure = move |_| {
        measuring.set(true);
        #[cfg(feature = "csr")]
        leptos::task::spawn_local(async move {
            measured.set(crate::exams::pages::sync::measure_mbps().await);
            measuring.set(false);
        });
    };
    view! {
        <p>{i18n.t("检测当前网速（推荐不低于 2 Mbps）。", "Measure your connection (recommended: at least 2 Mbps).")}</p>
        <button type="button" on:click=measure disabled=move || measuring.get()>
            {move || if measuring.get() { i18n.pick("检测中…", "Measuring…") } else { i18n.pick("开始检测", "Measure") }}
        </button>
        {move || measured.get().map(|mbps| {
            let good = mbps >= RECOMMENDED_MBPS;
            view! {
                <p id="network-speed" class=if good { "notice" } else { "alert" } role="status">
                    {format!("{}{mbps:.1} Mbps · {}{RECOMMENDED_MBPS:.0} Mbps ", i18n.pick("当前网速 ", "Measured "), i18n.pick("推荐 ", "recommended "))}
                    {if good { i18n.pick("网络良好", "good") } else { i18n.pick("网速偏低，可能影响考试，请更换网络", "slow: this may disturb the exam, try another network") }}
                </p>
            }
        })}
        <FormAlert form=form/>
        <button type="button" class="primary" disabled=move || measured.get().is_none() || form.pending.get()
            on:click=move |_| form.run(confirm_step(exam_id, "network".into()), move |c| done.run(c))>
            {i18n.t("下一步", "Next")}
        </button>
    }
}

#[component]
fn IdentityStep(confirmation: Confirmation, done: Callback<Confirmation>) -> impl IntoView {
    let i18n = use_i18n();
    let exam_id = confirmation.exam_id;
    let live = RwSignal::new(None::<LiveFaces>);
    let photo = RwSignal::new(None::<Vec<u8>>);
    let verdict = RwSignal::new(None::<Result<FaceCheckResult, AppError>>);
    let checking = RwSignal::new(false);
    let used = RwSignal::new(confirmation.verify_used);
    let limit = confirmation.verify_limit;
    // 去反馈 opens after a mismatch (or with every check used); once sent it waits for the exam office.
    let mismatched = RwSignal::new(false);
    let review_sent = RwSignal::new(confirmation.review_pending);
    let review_form = FormState::new();
    let request_review = move |_| review_form.run(request_face_review(exam_id), move |()| review_sent.set(true));
    let on_frame = Callback::new(move |jpeg: Vec<u8>| {
        #[cfg(feature = "csr")]
        leptos::task::spawn_local(async move {
            if let Ok(faces) = crate::ui::upload::upload::<LiveFaces>("/api/exams/live-faces", jpeg, |_| {}).await {
                live.set(Some(faces));
            }
        });
        #[cfg(not(feature = "csr"))]
        let _ = jpeg;
    });
    let check = move |_| {
        let Some(jpeg) = photo.get_untracked() else { return };
        checking.set(true);
        #[cfg(feature = "csr")]
        leptos::task::spawn_local(async move {
            let path = format!("/api/exams/{exam_id}/face-check");
            let result = crate::ui::upload::upload::<FaceCheckResult>(&path, jpeg, |_| {}).await;
            if let Ok(r) = &result {
                used.set(r.verify_used);
                mismatched.set(r.outcome == "no_match");
            }
            checking.set(false);
            verdict.set(Some(result));
        });
        #[cfg(not(feature = "csr"))]
        let _ = (jpeg, exam_id);
    };
    let next = move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(c) = confirmation_status(exam_id).await {
                done.run(c);
            }
        });
    };
    let frame_ok = Signal::derive(move || live.get().map(|l| l.ok));
    view! {
        <p>{i18n.t("请将人脸放入取景框，画面变为绿色后拍照，再点击“开始核验”。光线不足时请调亮环境。", "Put your face in the frame; when it turns green, take the photo and press Verify. Use good light.")}</p>
        <p id="verify-count">{move || format!("{}{} / {limit}", i18n.pick("已核验次数：", "Checks used: "), used.get())}</p>
        <Camera on_capture=Callback::new(move |jpeg| { photo.set(Some(jpeg)); verdict.set(None); })
            on_frame=on_frame frame_ok=frame_ok capture_label=("拍照", "Take photo")
            busy=Signal::derive(move || live.get().is_none_or(|l| !l.ok))/>
        {move || live.get().and_then(|l| l.reason).map(|reason| view! {
            <p class="hint" role="status">{i18n.pick(&reason.zh, &reason.en).to_string()}</p>
        })}
        {move || photo.get().map(|_| view! {
            <p role="status">{i18n.t("已拍照，可点击“开始核验”，或重新拍照。", "Photo taken: press Verify, or take it again.")}</p>
            <button type="button" class="primary" on:click=check disabled=move || checking.get()>{i18n.t("开始核验", "Verify")}</button>
        })}
        {move || verdict.get().map(|v| match v {
            Ok(r) if r.passed => view! {
                <p class="notice" role="status">{if r.outcome == "review" {
                    i18n.pick("核验照片已提交考务人员复核，可进入候考。", "Your photo goes to the exam office for review: you may enter the waiting room.")
                } else {
                    i18n.pick("身份核验通过。", "Identity confirmed.")
                }}</p>
                <button type="button" class="primary" on:click=next>{i18n.t("进入候考", "Enter the waiting room")}</button>
            }.into_any(),
            Ok(r) => {
                let text = r.reason.unwrap_or_else(|| Text::new("核验未通过", "Not confirmed"));
                view! { <p class="alert alert-error" role="alert">{i18n.pick(&text.zh, &text.en).to_string()}{i18n.t(" 请重新拍照核验。", " Take a new photo and try again.")}</p> }.into_any()
            }
            Err(err) => {
                let text = err.field_text("file").cloned().unwrap_or_else(|| err.text());
                view! { <p class="alert alert-error" role="alert">{i18n.pick(&text.zh, &text.en).to_string()}</p> }.into_any()
            }
        })}
        {move || if review_sent.get() {
            view! {
                <p class="notice" role="status" id="face-review">{i18n.t(
                    "核验照片已提交考务人员人工复核，结果将短信通知您。确认为本人后即可进入候考。",
                    "Your photos went to the exam office; you'll get an SMS. Once they confirm it's you, you may enter the waiting room.",
                )}</p>
                <button type="button" on:click=next>{i18n.t("查看复核结果", "Check the result")}</button>
            }.into_any()
        } else if mismatched.get() || used.get() >= limit {
            view! {
                <p>{i18n.t("多次核验不通过？可将核验照片提交考务人员人工复核。", "Keeps failing? Send your photos to the exam office for a manual check.")}</p>
                <button type="button" on:click=request_review disabled=move || review_form.pending.get()>{i18n.t("去反馈", "Report a problem")}</button>
                <FormAlert form=review_form/>
            }.into_any()
        } else {
            ().into_any()
        }}
    }
}

/// 候考: counts down to the start by the server's clock; leaving it clears the confirmation.
#[component]
pub fn WaitingRoomPage() -> impl IntoView {
    let i18n = use_i18n();
    let exam_id = route_id();
    let status = RwSignal::new(None::<Confirmation>);
    let form = FormState::new();
    let now_ms = RwSignal::new(0i64);
    let offset = RwSignal::new(0i64);
    let entering = RwSignal::new(false);
    Effect::new(move |_| {
        form.run(confirmation_status(exam_id.get()), move |c: Confirmation| {
            offset.set(c.server_now_ms - js_now());
            now_ms.set(c.server_now_ms);
            status.set(Some(c));
        })
    });
    #[cfg(feature = "csr")]
    {
        let ticker = gloo_timers::callback::Interval::new(500, move || now_ms.set(js_now() + offset.get_untracked()));
        // The start is kept by the server's clock: read it again now and then.
        let resync = gloo_timers::callback::Interval::new(10_000, move || {
            leptos::task::spawn_local(async move {
                if let Ok(c) = confirmation_status(exam_id.get_untracked()).await {
                    offset.set(c.server_now_ms - js_now());
                }
            });
        });
        let leave = crate::exams::pages::sync::leave_waiting_room_on_pagehide(exam_id.get_untracked());
        let guards = StoredValue::new_local(Some((ticker, resync, leave)));
        on_cleanup(move || {
            drop(guards.try_update_value(Option::take));
            if !entering.get_untracked() {
                let id = exam_id.get_untracked();
                leptos::task::spawn_local(async move {
                    let _ = crate::exams::api::leave_waiting_room(id).await;
                });
            }
        });
    }
    let navigate = use_navigate();
    let start = move |_| {
        entering.set(true);
        #[cfg(feature = "csr")]
        crate::exams::pages::sync::request_fullscreen();
        let navigate = navigate.clone();
        form.run(begin_attempt(exam_id.get_untracked()), move |attempt_id| {
            navigate(&format!("/attempts/{attempt_id}"), Default::default());
        });
    };
    view! {
        <RequireSignIn>
            <section class="card narrow">
                <h1>{i18n.t("候考", "Waiting room")}" · "{move || status.get().map(|c| c.title).unwrap_or_default()}</h1>
                <p class="aside">{i18n.t("关闭或离开候考页面后，需重新进行考前确认，请不要关闭本页面。", "Closing or leaving this page means confirming again: keep it open.")}</p>
                {move || status.get().map(|c| {
                    let left = c.start_ms - now_ms.get();
                    view! {
                        <p>{i18n.t("开考时间：", "Starts at: ")}{china_time(c.start_ms)}</p>
                        <p id="countdown" role="timer" aria-live="off">{if left > 0 {
                            format!("{}{}", i18n.pick("距开考还有 ", "Starts in "), clock_text(left))
                        } else {
                            i18n.pick("考试已开始", "The exam has started").to_string()
                        }}</p>
                    }
                })}
                <FormAlert form=form/>
                <button type="button" class="primary" on:click=start.clone()
                    disabled=move || form.pending.get() || status.get().is_none_or(|c| c.start_ms > now_ms.get())>
                    {i18n.t("开始考试", "Start the exam")}
                </button>
            </section>
        </RequireSignIn>
    }
}

/// "01:05:09" or "05:09".
pub fn clock_text(ms: i64) -> String {
    let secs = (ms.max(0) + 999) / 1000;
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h:02}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// Minutes-left marks at which the exam timer speaks to screen readers; it is silent in between (a
/// countdown read out every second would drown everything else).
pub const TIMER_MARKS_MINUTES: [i64; 4] = [30, 15, 5, 1];

/// The smallest mark reached with `ms` left (None above the first mark).
pub fn timer_mark(ms: i64) -> Option<i64> {
    TIMER_MARKS_MINUTES.iter().copied().filter(|m| ms <= m * 60_000).min()
}

/// The browser's clock in ms (0 on the server, where pages aren't rendered).
pub fn js_now() -> i64 {
    #[cfg(feature = "csr")]
    return js_sys::Date::now() as i64;
    #[cfg(not(feature = "csr"))]
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timer_speaks_only_at_its_marks() {
        assert_eq!(timer_mark(31 * 60_000), None);
        assert_eq!(timer_mark(30 * 60_000), Some(30));
        assert_eq!(timer_mark(16 * 60_000), Some(30));
        assert_eq!(timer_mark(15 * 60_000 - 1), Some(15));
        assert_eq!(timer_mark(4 * 60_000), Some(5));
        assert_eq!(timer_mark(59_000), Some(1));
        assert_eq!(timer_mark(0), Some(1));
        // Every second between two marks gives the same value, so the live region doesn't change.
        let between: std::collections::BTreeSet<_> = (5 * 60 + 1..15 * 60).map(|s| timer_mark(s * 1000)).collect();
        assert_eq!(between.len(), 1);
    }
}
