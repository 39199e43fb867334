//! Uploads raw bytes with `XMLHttpRequest`, whose upload events give a real progress bar (fetch has none).
//! The answer is decoded like a server function's: the value, or an [`AppError`].
use leptos::prelude::*;

#[cfg(feature = "csr")]
use crate::error::AppError;
use crate::i18n::use_i18n;

/// A progress bar for 0.0..=1.0, announced to screen readers.
#[component]
pub fn ProgressBar(#[prop(into)] value: Signal<Option<f64>>, label: (&'static str, &'static str)) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        value.get().map(|v| {
            let percent = (v * 100.0).round() as u32;
            view! {
                <div class="progress" role="progressbar" aria-label=i18n.t(label.0, label.1) aria-valuemin="0" aria-valuemax="100" aria-valuenow=percent.to_string()>
                    <div class="progress-fill" style=format!("width: {percent}%")></div>
                    <span>{format!("{percent}%")}</span>
                </div>
            }
        })
    }
}

/// POSTs `bytes` to `path` (under the API base) and reports progress; returns the decoded JSON answer.
#[cfg(feature = "csr")]
pub async fn upload<T: serde::de::DeserializeOwned>(
    path: &str,
    bytes: Vec<u8>,
    progress: impl Fn(f64) + 'static,
) -> Result<T, AppError> {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let transport = |what: &str| AppError::Transport(what.to_string());
    let url = format!("{}{}", leptos::server_fn::client::get_server_url(), path);
    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| transport("xhr"))?;
    xhr.open("POST", &url).map_err(|_| transport("open"))?;
    xhr.set_with_credentials(true);
    xhr.set_request_header("Content-Type", "application/octet-stream").map_err(|_| transport("header"))?;
    xhr.set_request_header("Accept", "application/json").map_err(|_| transport("header"))?;
    let on_progress = Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |event: web_sys::ProgressEvent| {
        if event.length_computable() && event.total() > 0.0 {
            progress(event.loaded() / event.total());
        }
    });
    if let Ok(target) = xhr.upload() {
        target.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        xhr.set_onload(Some(&resolve));
        xhr.set_onerror(Some(&reject));
    });
    let body = js_sys::Uint8Array::from(bytes.as_slice());
    xhr.send_with_opt_buffer_source(Some(&body)).map_err(|_| transport("send"))?;
    let outcome = wasm_bindgen_futures::JsFuture::from(done).await;
    drop(on_progress);
    outcome.map_err(|_| transport("network"))?;
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    if (200..300).contains(&xhr.status().unwrap_or(0)) {
        serde_json::from_str(&text).map_err(|e| transport(&e.to_string()))
    } else {
        Err(serde_json::from_str::<AppError>(&text).unwrap_or_else(|_| transport(&text)))
    }
}

/// Reads a chosen file's bytes.
#[cfg(feature = "csr")]
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, AppError> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| AppError::Transport("read file".into()))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The file picker's label for a size limit.
pub fn size_hint(i18n: crate::i18n::I18n, max_mb: usize) -> String {
    i18n.pick("JPG、PNG 或 PDF，不超过", "JPG, PNG or PDF, at most ").to_string() + &format!("{max_mb} MB")
}
