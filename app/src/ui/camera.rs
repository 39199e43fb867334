//! The camera: `getUserMedia` into a `<video>`, a frame drawn to a canvas and encoded as JPEG in the
//! browser. Every way it can fail gets its own message and a way forward. The stream is stopped when
//! the component goes away. Reused by the exam (identity check, proctoring snapshots).
use leptos::prelude::*;

use crate::i18n::use_i18n;

#[derive(Clone, Debug, PartialEq)]
pub enum CameraState {
    Starting,
    Live,
    /// Not https and not localhost: browsers hide the camera.
    Insecure,
    NoCamera,
    PermissionDenied,
    /// Another program (video call, another tab) holds the camera.
    Busy,
    /// Was live, then the picture ended (unplugged, turned off, permission withdrawn) or gives no frames.
    Stopped,
    Failed(String),
}

impl CameraState {
    fn message(&self) -> (&'static str, &'static str) {
        match self {
            CameraState::Starting => ("正在打开摄像头…", "Opening the camera…"),
            CameraState::Live => ("", ""),
            CameraState::Insecure => (
                "摄像头只能在 HTTPS 或本机（localhost）页面中使用，请通过 https:// 地址访问本站。",
                "The camera works only on HTTPS or localhost pages: open this site through its https:// address.",
            ),
            CameraState::NoCamera => (
                "未检测到摄像头。请连接摄像头（或换用带摄像头的电脑），然后点击“重试”。",
                "No camera was found. Connect one (or use a computer that has one), then press Retry.",
            ),
            CameraState::PermissionDenied => (
                "摄像头权限被拒绝。Chrome / Edge：点击地址栏左侧的锁形图标 → 摄像头 → 允许；Firefox：点击地址栏中的摄像头图标 → 移除阻止；Safari：菜单“Safari → 网站设置 → 摄像头” → 允许。然后点击“重试”。",
                "Camera permission was refused. Chrome / Edge: click the lock icon left of the address → Camera → Allow; Firefox: click the camera icon in the address bar → remove the block; Safari: Safari → Settings for This Website → Camera → Allow. Then press Retry.",
            ),
            CameraState::Busy => (
                "摄像头正被其他程序占用（如视频会议或其他标签页），请关闭后点击“重试”。",
                "The camera is in use by another program (a video call, another tab): close it and press Retry.",
            ),
            CameraState::Stopped => ("摄像头已关闭，请重新开启。", "The camera is off: please turn it back on."),
            CameraState::Failed(_) => ("摄像头无法打开，请点击“重试”或更换浏览器。", "The camera could not start: press Retry or try another browser."),
        }
    }
}

/// A live camera with a capture button. `on_capture` receives the JPEG bytes of the frame.
#[component]
pub fn Camera(
    on_capture: Callback<Vec<u8>>,
    #[prop(default = ("拍照", "Take photo"))] capture_label: (&'static str, &'static str),
    /// Disables the capture button (e.g. while an upload runs).
    #[prop(optional, into)]
    busy: Signal<bool>,
    /// Set to whether the picture is live, for pages that only need to know the camera works.
    #[prop(optional)]
    live: Option<RwSignal<bool>>,
    /// Set while the camera is being opened (when the browser may be showing its permission prompt).
    #[prop(optional)]
    starting: Option<RwSignal<bool>>,
    /// Outlines the picture green (true) or red (false), e.g. while exactly one face is in it.
    #[prop(optional, into)]
    frame_ok: Signal<Option<bool>>,
    /// Receives a JPEG frame every `frame_every_ms` while the picture is live (live face detection).
    #[prop(optional)]
    on_frame: Option<Callback<Vec<u8>>>,
    #[prop(default = 1500)] frame_every_ms: u32,
    /// Each change takes one picture for `on_snapshot` (proctoring: a frame only when a snapshot is due).
    #[prop(optional)]
    snapshot_due: Option<RwSignal<u32>>,
    #[prop(optional)] on_snapshot: Option<Callback<Vec<u8>>>,
    /// Proctoring shows the picture only, without the capture button.
    #[prop(default = true)]
    show_capture: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(CameraState::Starting);
    if let Some(live) = live {
        Effect::new(move |_| live.set(state.get() == CameraState::Live));
    }
    if let Some(starting) = starting {
        Effect::new(move |_| starting.set(state.get() == CameraState::Starting));
    }
    let video_ref = NodeRef::<leptos::html::Video>::new();
    let attempt = RwSignal::new(0u32);

    #[cfg(feature = "csr")]
    {
        let stream = StoredValue::new_local(None::<web_sys::MediaStream>);
        Effect::new(move |_| {
            attempt.track();
            if let Some(video) = video_ref.get() {
                state.set(CameraState::Starting);
                if let Some(old) = stream.try_update_value(Option::take).flatten() {
                    browser::stop(&old);
                }
                leptos::task::spawn_local(async move {
                    match browser::start(&video).await {
                        Ok(started) => {
                            stream.set_value(Some(started));
                            state.set(CameraState::Live);
                        }
                        Err(failure) => state.set(failure),
                    }
                });
            }
        });
        // A picture that ended (the track's own state: unplugged, stopped, permission withdrawn) is said
        // at once, not at the next snapshot.
        let watch = gloo_timers::callback::Interval::new(2_000, move || {
            let ended = stream.try_with_value(|s| s.as_ref().is_some_and(browser::ended)).unwrap_or(false);
            if ended && state.get_untracked() == CameraState::Live {
                state.set(CameraState::Stopped);
            }
        });
        let watch = StoredValue::new_local(Some(watch));
        on_cleanup(move || drop(watch.try_update_value(Option::take)));
        if let Some(on_frame) = on_frame {
            let ticker = gloo_timers::callback::Interval::new(frame_every_ms, move || {
                if state.get_untracked() != CameraState::Live {
                    return;
                }
                if let Some(jpeg) = video_ref.get_untracked().and_then(|video| browser::capture_jpeg(&video)) {
                    on_frame.run(jpeg);
                }
            });
            let ticker = StoredValue::new_local(Some(ticker));
            on_cleanup(move || drop(ticker.try_update_value(Option::take)));
        }
        if let (Some(due), Some(on_snapshot)) = (snapshot_due, on_snapshot) {
            Effect::new(move |seen: Option<()>| {
                due.track();
                if seen.is_none() || state.get_untracked() != CameraState::Live {
                    return;
                }
                // A track that ended since the last 2 s watch: said now, not sent as a dark frame (the
                // server would log the same stop a second time).
                if stream.try_with_value(|s| s.as_ref().is_some_and(browser::ended)).unwrap_or(false) {
                    state.set(CameraState::Stopped);
                    return;
                }
                if let Some(video) = video_ref.get_untracked() {
                    leptos::task::spawn_local(async move {
                        match browser::capture_jpeg_blob(&video).await {
                            Some(jpeg) => on_snapshot.run(jpeg),
                            // Live but no frame to draw: a silent camera.
                            None => state.set(CameraState::Stopped),
                        }
                    });
                }
            });
        }
        on_cleanup(move || {
            if let Some(stream) = stream.try_get_value().flatten() {
                browser::stop(&stream);
            }
        });
    }

    #[cfg(not(feature = "csr"))]
    let _ = (on_frame, frame_every_ms, snapshot_due, on_snapshot);
    let capture = move |_| {
        #[cfg(not(feature = "csr"))]
        let _ = on_capture;
        #[cfg(feature = "csr")]
        if let Some(video) = video_ref.get() {
            if let Some(jpeg) = browser::capture_jpeg(&video) {
                on_capture.run(jpeg);
            }
        }
    };
    view! {
        <div class="camera" data-state=move || format!("{:?}", state.get())
            class:frame-ok=move || frame_ok.get() == Some(true) class:frame-bad=move || frame_ok.get() == Some(false)>
            <video node_ref=video_ref autoplay=true playsinline=true muted=true aria-label=i18n.t("摄像头画面", "Camera picture")></video>
            {move || {
                let current = state.get();
                (current != CameraState::Live).then(|| {
                    let (zh, en) = current.message();
                    let text = i18n.pick(zh, en).to_string();
                    let failed = current != CameraState::Starting;
                    view! {
                        <div class=if failed { "alert alert-error" } else { "alert" } role=if failed { "alert" } else { "status" }>
                            {text}
                            {failed.then(|| view! {
                                " "
                                <button type="button" on:click=move |_| attempt.update(|n| *n += 1)>
                                    {if current == CameraState::Stopped { i18n.t("重新开启摄像头", "Turn the camera on") } else { i18n.t("重试", "Retry") }}
                                </button>
                            })}
                        </div>
                    }
                })
            }}
            {show_capture.then(|| view! {
                <button type="button" class="primary" on:click=capture disabled=move || state.get() != CameraState::Live || busy.get()>
                    {i18n.t(capture_label.0, capture_label.1)}
                </button>
            })}
        </div>
    }
}

#[cfg(feature = "csr")]
mod browser {
    use super::CameraState;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    pub async fn start(video: &web_sys::HtmlVideoElement) -> Result<web_sys::MediaStream, CameraState> {
        let window = web_sys::window().ok_or(CameraState::Failed("no window".into()))?;
        if !window.is_secure_context() {
            return Err(CameraState::Insecure);
        }
        let devices = window.navigator().media_devices().map_err(|_| CameraState::NoCamera)?;
        let constraints = web_sys::MediaStreamConstraints::new();
        let video_constraints = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&video_constraints, &"width".into(), &640.into());
        let _ = js_sys::Reflect::set(&video_constraints, &"height".into(), &480.into());
        let _ = js_sys::Reflect::set(&video_constraints, &"facingMode".into(), &"user".into());
        constraints.set_video(&video_constraints);
        constraints.set_audio(&false.into());
        let promise = devices.get_user_media_with_constraints(&constraints).map_err(|e| classify(&e))?;
        let stream: web_sys::MediaStream =
            JsFuture::from(promise).await.map_err(|e| classify(&e))?.dyn_into().map_err(|_| CameraState::NoCamera)?;
        video.set_src_object(Some(&stream));
        if let Ok(playing) = video.play() {
            let _ = JsFuture::from(playing).await;
        }
        Ok(stream)
    }

    /// The DOMException names browsers use for each failure.
    fn classify(error: &wasm_bindgen::JsValue) -> CameraState {
        let name = error.dyn_ref::<web_sys::DomException>().map(|e| e.name()).unwrap_or_default();
        match name.as_str() {
            "NotAllowedError" | "SecurityError" | "PermissionDeniedError" => CameraState::PermissionDenied,
            "NotFoundError" | "OverconstrainedError" | "DevicesNotFoundError" => CameraState::NoCamera,
            "NotReadableError" | "TrackStartError" | "AbortError" => CameraState::Busy,
            other => CameraState::Failed(other.to_string()),
        }
    }

    /// Whether the stream's picture is gone: no video track, or one that ended.
    pub fn ended(stream: &web_sys::MediaStream) -> bool {
        let tracks = stream.get_video_tracks();
        tracks.length() == 0
            || tracks.iter().any(|t| {
                t.dyn_into::<web_sys::MediaStreamTrack>()
                    .is_ok_and(|t| t.ready_state() == web_sys::MediaStreamTrackState::Ended)
            })
    }

    /// The video's current frame on a canvas of its own size; `None` while there is no frame.
    fn draw_frame(video: &web_sys::HtmlVideoElement) -> Option<web_sys::HtmlCanvasElement> {
        let (width, height) = (video.video_width(), video.video_height());
        if width == 0 || height == 0 {
            return None;
        }
        let document = web_sys::window()?.document()?;
        let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
        canvas.set_width(width);
        canvas.set_height(height);
        let context: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        context.draw_image_with_html_video_element(video, 0.0, 0.0).ok()?;
        Some(canvas)
    }

    pub fn stop(stream: &web_sys::MediaStream) {
        for track in stream.get_tracks().iter() {
            if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
                track.stop();
            }
        }
    }

    /// The current frame as JPEG bytes, encoded by the browser off the main thread (`canvas.toBlob`),
    /// without the data-URL round trip through base64.
    pub async fn capture_jpeg_blob(video: &web_sys::HtmlVideoElement) -> Option<Vec<u8>> {
        let canvas = draw_frame(video)?;
        let encoded = js_sys::Promise::new(&mut |resolve, _reject| {
            let done = wasm_bindgen::closure::Closure::once_into_js(move |blob: wasm_bindgen::JsValue| {
                let _ = resolve.call1(&wasm_bindgen::JsValue::NULL, &blob);
            });
            let _ = canvas.to_blob_with_type_and_encoder_options(done.unchecked_ref(), "image/jpeg", &0.85.into());
        });
        let blob: web_sys::Blob = JsFuture::from(encoded).await.ok()?.dyn_into().ok()?;
        let buffer = JsFuture::from(blob.array_buffer()).await.ok()?;
        Some(js_sys::Uint8Array::new(&buffer).to_vec())
    }

    /// The current frame as JPEG (quality 0.9) at the video's own size.
    pub fn capture_jpeg(video: &web_sys::HtmlVideoElement) -> Option<Vec<u8>> {
        let canvas = draw_frame(video)?;
        let data_url = canvas.to_data_url_with_type_and_encoder_options("image/jpeg", &0.9.into()).ok()?;
        let encoded = data_url.split_once(',')?.1;
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.decode(encoded).ok()
    }
}
