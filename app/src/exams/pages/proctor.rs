//! The camera during the exam: it stays on while answering; snapshots go to the server at random
//! moments between the exam's bounds; the camera going off is reported as an anomaly.
use leptos::prelude::*;

use crate::exams::pages::confirm::js_now;
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
    let next_due = StoredValue::new(js_now() + random_between(min_secs, max_secs));
    let on_frame = Callback::new(move |jpeg: Vec<u8>| {
        if js_now() < next_due.get_value() {
            return;
        }
        next_due.set_value(js_now() + random_between(min_secs, max_secs));
        #[cfg(feature = "csr")]
        leptos::task::spawn_local(async move {
            let path = format!("/api/exams/attempts/{attempt_id}/snapshot");
            let _ = crate::ui::upload::upload::<crate::exams::types::SnapshotOutcome>(&path, jpeg, |_| {}).await;
        });
        #[cfg(not(feature = "csr"))]
        let _ = jpeg;
    });
    view! {
        <aside class="proctor" aria-label=i18n.t("监考摄像头", "Proctoring camera")>
            <Camera on_capture=Callback::new(|_| {}) live=live starting=camera_starting on_frame=on_frame frame_every_ms=1000 show_capture=false/>
        </aside>
    }
}

/// A random delay in ms between the two bounds (seconds).
fn random_between(min_secs: i64, max_secs: i64) -> i64 {
    #[cfg(feature = "csr")]
    let r = js_sys::Math::random();
    #[cfg(not(feature = "csr"))]
    let r = 0.5;
    let span = (max_secs - min_secs).max(0) as f64;
    ((min_secs as f64 + r * span) * 1000.0) as i64
}
