//! The camera during the exam: it stays on while answering; snapshots go to the server at random
//! moments between the exam's bounds; the camera going off is reported as an anomaly.
use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::ui::camera::Camera;

#[component]
pub fn Proctor(
    attempt_id: i64,
    min_secs: i64,
    max_secs: i64,
    /// While the camera opens the browser may ask for permission, leaving fullscreen and taking focus.
    camera_starting: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let live = RwSignal::new(false);
    let was_live = StoredValue::new(false);
    Effect::new(move |_| {
        let now_live = live.get();
        if was_live.get_value() && !now_live {
            leptos::task::spawn_local(async move {
                let _ = crate::exams::api::report_camera_off(attempt_id).await;
            });
        }
        was_live.set_value(now_live);
    });
    // A frame is taken only when a snapshot is due, at a random moment between the bounds (a timer to
    // the next one), and uploaded as the browser encoded it.
    let due = RwSignal::new(0u32);
    #[cfg(feature = "csr")]
    {
        fn schedule(
            due: RwSignal<u32>,
            min_secs: i64,
            max_secs: i64,
            timer: StoredValue<Option<gloo_timers::callback::Timeout>, LocalStorage>,
        ) {
            let wait = random_between(min_secs, max_secs).max(1_000) as u32;
            let next = gloo_timers::callback::Timeout::new(wait, move || {
                if due.try_update(|n| *n += 1).is_some() {
                    schedule(due, min_secs, max_secs, timer);
                }
            });
            timer.try_update_value(|t| *t = Some(next));
        }
        let timer = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
        schedule(due, min_secs, max_secs, timer);
        on_cleanup(move || drop(timer.try_update_value(Option::take)));
    }
    #[cfg(not(feature = "csr"))]
    let _ = (min_secs, max_secs);
    let on_snapshot = Callback::new(move |jpeg: Vec<u8>| {
        #[cfg(feature = "csr")]
        leptos::task::spawn_local(async move {
            let path = format!("/api/exams/attempts/{attempt_id}/snapshot");
            let _ = crate::ui::upload::upload::<crate::exams::types::SnapshotReceived>(&path, jpeg, |_| {}).await;
        });
        #[cfg(not(feature = "csr"))]
        let _ = jpeg;
    });
    view! {
        <aside class="proctor" aria-label=i18n.t("监考摄像头", "Proctoring camera")>
            <Camera on_capture=Callback::new(|_| {}) live=live starting=camera_starting snapshot_due=due on_snapshot=on_snapshot show_capture=false/>
        </aside>
    }
}

/// A random delay in ms between the two bounds (seconds).
#[cfg_attr(not(feature = "csr"), allow(dead_code))]
fn random_between(min_secs: i64, max_secs: i64) -> i64 {
    #[cfg(feature = "csr")]
    let r = js_sys::Math::random();
    #[cfg(not(feature = "csr"))]
    let r = 0.5;
    let span = (max_secs - min_secs).max(0) as f64;
    ((min_secs as f64 + r * span) * 1000.0) as i64
}
