//! Uploads raw bytes with `XMLHttpRequest`, whose upload events give a real progress bar (fetch has none).
//! The answer is decoded like a server function's: the value, or an [`AppError`].
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, Text};
use crate::i18n::use_i18n;
use crate::ui::form::Notice;

/// What every upload route answers: the stored file's id (other fields of the answer are ignored).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredFile {
    pub file_id: i64,
    pub size_bytes: i64,
}

/// A file input that uploads the chosen file to `path` at once, with a progress bar and the server's verdict.
#[component]
pub fn FilePicker(
    #[prop(into)] id: String,
    #[prop(into)] path: String,
    label: (&'static str, &'static str),
    uploaded: RwSignal<Option<StoredFile>>,
    #[prop(default = "image/jpeg,image/png,application/pdf")] accept: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let progress = RwSignal::new(None::<f64>);
    let error = RwSignal::new(None::<AppError>);
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "csr")]
        {
            use wasm_bindgen::JsCast;
            let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
            let Some(file) = input.and_then(|i| i.files()).and_then(|files| files.get(0)) else { return };
            let path = path.clone();
            leptos::task::spawn_local(async move {
                error.set(None);
                uploaded.set(None);
                let result = async {
                    let bytes = read_file(&file).await?;
                    send_with_progress(&path, bytes, progress).await
                }
                .await;
                finish(result, uploaded, error, progress);
            });
        }
        #[cfg(not(feature = "csr"))]
        let _ = (ev, &path, error);
    };
    view! {
        <div class="field">
            <label for=id.clone()>{i18n.t(label.0, label.1)}</label>
            <input id=id type="file" accept=accept on:change=on_change/>
            <ProgressBar value=progress label=label/>
            <UploadVerdict uploaded=uploaded error=error/>
        </div>
    }
}

/// "Uploaded and checked", or the server's reasons for refusing the file (a CSV import's bad lines, each
/// on its own line).
#[component]
pub fn UploadVerdict(uploaded: RwSignal<Option<StoredFile>>, error: RwSignal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let ok = Signal::derive(move || uploaded.get().map(|_| Text::new("已上传，检查通过", "Uploaded and checked")));
    view! {
        <Notice text=ok/>
        {move || error.get().map(|err| {
            let mut texts: Vec<Text> = match &err {
                AppError::Invalid(fields) => fields.iter().filter(|f| f.field == "file").map(|f| f.text.clone()).collect(),
                _ => Vec::new(),
            };
            if texts.is_empty() {
                texts.push(err.text());
            }
            view! {
                <div class="error" role="alert">
                    {texts.into_iter().map(|t| view! { <p>{i18n.pick(&t.zh, &t.en).to_string()}</p> }).collect_view()}
                </div>
            }
        })}
    }
}

/// Uploads with the progress shown in `progress` (None again when done).
#[cfg(feature = "csr")]
pub async fn send_with_progress(
    path: &str,
    bytes: Vec<u8>,
    progress: RwSignal<Option<f64>>,
) -> Result<StoredFile, AppError> {
    progress.set(Some(0.0));
    upload(path, bytes, move |p| progress.set(Some(p))).await
}

#[cfg(feature = "csr")]
pub fn finish(
    result: Result<StoredFile, AppError>,
    uploaded: RwSignal<Option<StoredFile>>,
    error: RwSignal<Option<AppError>>,
    progress: RwSignal<Option<f64>>,
) {
    progress.set(None);
    match result {
        Ok(file) => uploaded.set(Some(file)),
        Err(err) => error.set(Some(err)),
    }
}

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
