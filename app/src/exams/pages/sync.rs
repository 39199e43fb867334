//! Browser-side helpers of the exam pages: answers not yet acknowledged are kept in local storage and
//! sent again with backoff; tab switches are detected by `visibilitychange` and leaving fullscreen
//! (not `blur`, which fires on clicks inside the page and on the browser's own prompts); the network
//! check; the waiting room's "leaving means confirming again" beacon.
use std::collections::BTreeMap;

use gloo_storage::Storage;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::exams::types::AnswerValue;

/// position → (answer, revision) not yet acknowledged by the server.
pub type Unsent = BTreeMap<i64, (AnswerValue, i64)>;

fn key(attempt_id: i64) -> String {
    format!("zj.exam.{attempt_id}.unsent")
}

pub fn load_unsent(attempt_id: i64) -> Unsent {
    gloo_storage::LocalStorage::get::<Vec<(i64, AnswerValue, i64)>>(key(attempt_id))
        .map(|list| list.into_iter().map(|(p, a, r)| (p, (a, r))).collect())
        .unwrap_or_default()
}

pub fn store_unsent(attempt_id: i64, unsent: &Unsent) {
    if unsent.is_empty() {
        gloo_storage::LocalStorage::delete(key(attempt_id));
    } else {
        let list: Vec<(i64, AnswerValue, i64)> = unsent.iter().map(|(p, (a, r))| (*p, a.clone(), *r)).collect();
        let _ = gloo_storage::LocalStorage::set(key(attempt_id), list);
    }
}

/// The question on screen while the server doesn't know it yet (moved to while offline).
pub fn load_position(attempt_id: i64) -> Option<i64> {
    gloo_storage::LocalStorage::get::<i64>(format!("zj.exam.{attempt_id}.position")).ok()
}

pub fn store_position(attempt_id: i64, position: Option<i64>) {
    let key = format!("zj.exam.{attempt_id}.position");
    match position {
        Some(position) => drop(gloo_storage::LocalStorage::set(key, position)),
        None => gloo_storage::LocalStorage::delete(key),
    }
}

use super::attempt::QueuedSwitch;

pub fn load_switches(attempt_id: i64) -> (Vec<QueuedSwitch>, i64) {
    let queued = gloo_storage::LocalStorage::get::<Vec<QueuedSwitch>>(format!("zj.exam.{attempt_id}.switches"))
        .unwrap_or_default();
    let next_seq = gloo_storage::LocalStorage::get::<i64>(format!("zj.exam.{attempt_id}.seq")).unwrap_or(1);
    (queued, next_seq)
}

pub fn store_switches(attempt_id: i64, queued: &[QueuedSwitch], next_seq: i64) {
    let key = format!("zj.exam.{attempt_id}.switches");
    if queued.is_empty() {
        gloo_storage::LocalStorage::delete(key);
    } else {
        let _ = gloo_storage::LocalStorage::set(key, queued);
    }
    let _ = gloo_storage::LocalStorage::set(format!("zj.exam.{attempt_id}.seq"), next_seq);
}

pub fn is_fullscreen() -> bool {
    web_sys::window().and_then(|w| w.document()).and_then(|d| d.fullscreen_element()).is_some()
}

/// Must run inside a user gesture (a click), or the browser refuses.
pub fn request_fullscreen() {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.request_fullscreen();
    }
}

/// Listeners that stay registered while the returned guard lives.
pub struct Listeners(Vec<(web_sys::EventTarget, &'static str, Closure<dyn Fn()>)>);

impl Drop for Listeners {
    fn drop(&mut self) {
        for (target, event, closure) in &self.0 {
            let _ = target.remove_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        }
    }
}

fn listen(
    target: web_sys::EventTarget,
    event: &'static str,
    handler: impl Fn() + 'static,
) -> Option<(web_sys::EventTarget, &'static str, Closure<dyn Fn()>)> {
    let closure = Closure::<dyn Fn()>::new(handler);
    target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref()).ok()?;
    Some((target, event, closure))
}

/// How long the window may be without focus, while the page stays visible, before it counts: another
/// program's window in front (seed 003: leaving the exam page counts).
const FOCUS_LOST_MS: u32 = 2_000;

/// Calls `on_switch("hidden" | "fullscreen" | "focus")` when the page is hidden, fullscreen is left,
/// or the window has lost focus for [`FOCUS_LOST_MS`] while the page stays visible. Clicks and keys
/// inside the page, the page's own dialogs and the mouse leaving the window fire none of these.
pub fn watch_switches(on_switch: impl Fn(&'static str) + Clone + 'static) -> Listeners {
    let Some(window) = web_sys::window() else { return Listeners(vec![]) };
    let Some(document) = window.document() else { return Listeners(vec![]) };
    // A reload or leaving the page hides it and ends fullscreen as it goes: that is not a switch (the
    // page that comes back resumes the attempt), so nothing counts once the page has started to unload.
    let unloading = std::rc::Rc::new(std::cell::Cell::new(false));
    let on_switch = {
        let unloading = unloading.clone();
        move |what: &'static str| {
            if !unloading.get() {
                on_switch(what)
            }
        }
    };
    let hidden_doc = document.clone();
    let on_hidden = on_switch.clone();
    let on_focus = on_switch.clone();
    let was_fullscreen = std::rc::Rc::new(std::cell::Cell::new(is_fullscreen()));
    let mut listeners = Vec::new();
    listeners.extend(listen(document.clone().into(), "visibilitychange", move || {
        if hidden_doc.hidden() {
            on_hidden("hidden");
        }
    }));
    listeners.extend(listen(document.clone().into(), "fullscreenchange", move || {
        let now = is_fullscreen();
        if was_fullscreen.get() && !now {
            on_switch("fullscreen");
        }
        was_fullscreen.set(now);
    }));
    let focus_doc = document;
    listeners.extend(listen(window.clone().into(), "beforeunload", move || unloading.set(true)));
    listeners.extend(listen(window.into(), "blur", move || {
        let (doc, on_focus) = (focus_doc.clone(), on_focus.clone());
        gloo_timers::callback::Timeout::new(FOCUS_LOST_MS, move || {
            if !doc.hidden() && !doc.has_focus().unwrap_or(true) {
                on_focus("focus");
            }
        })
        .forget();
    }));
    Listeners(listeners)
}

/// Downloads the test payload and returns the speed in Mbit/s (None if the download failed).
pub async fn measure_mbps() -> Option<f64> {
    let url = format!("{}/api/exams/speed-test?t={}", leptos::server_fn::client::get_server_url(), js_sys::Date::now());
    let started = js_sys::Date::now();
    let window = web_sys::window()?;
    let response: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(&url)).await.ok()?.dyn_into().ok()?;
    let buffer = wasm_bindgen_futures::JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    let bytes = js_sys::ArrayBuffer::from(buffer).byte_length() as f64;
    let seconds = ((js_sys::Date::now() - started) / 1000.0).max(0.001);
    Some(bytes * 8.0 / 1_000_000.0 / seconds)
}

/// Closing or reloading the waiting room clears the confirmation too: a beacon still gets out while
/// the page goes away, which a normal request does not.
pub fn leave_waiting_room_on_pagehide(exam_id: i64) -> Listeners {
    let Some(window) = web_sys::window() else { return Listeners(vec![]) };
    let beacon_window = window.clone();
    let handler = move || {
        let url = format!("{}/api/exams/leave-waiting-room", leptos::server_fn::client::get_server_url());
        let body = js_sys::Array::of1(&format!("{{\"exam_id\":{exam_id}}}").into());
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("application/json");
        if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&body, &options) {
            let _ = beacon_window.navigator().send_beacon_with_opt_blob(&url, Some(&blob));
        }
    };
    Listeners(listen(window.into(), "pagehide", handler).into_iter().collect())
}

/// Waits `ms` (a backoff of up to 30 s while the network is down), but wakes as soon as the browser is
/// back online, so answers kept while offline go out at once rather than at the end of the backoff.
pub async fn pause_unless_back_online(ms: u64) {
    let online = || web_sys::window().is_some_and(|w| w.navigator().on_line());
    let was_offline = !online();
    let mut left = ms;
    while left > 0 {
        let step = left.min(200);
        gloo_timers::future::sleep(std::time::Duration::from_millis(step)).await;
        left -= step;
        if was_offline && online() {
            return;
        }
    }
}
