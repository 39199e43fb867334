//! The three states of data loaded from the server: loading, an error with its message, or the data.
use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::use_i18n;

/// Starts loading `call` into `data`.
pub fn load<T: Send + Sync + 'static>(
    data: RwSignal<Option<Result<T, AppError>>>,
    call: impl std::future::Future<Output = Result<T, AppError>> + 'static,
) {
    load_then(data, call, || {});
}

/// Starts loading `call` into `data`, and runs `then` in the same update once it has landed. A wizard
/// opens its next step this way after a save: opening the step first would show it from the old data,
/// then build it again when the new data lands, dropping whatever was chosen or uploaded in between.
pub fn load_then<T: Send + Sync + 'static>(
    data: RwSignal<Option<Result<T, AppError>>>,
    call: impl std::future::Future<Output = Result<T, AppError>> + 'static,
    then: impl FnOnce() + 'static,
) {
    leptos::task::spawn_local(async move {
        data.set(Some(call.await));
        then();
    });
}

/// Shows "loading", the error's message, or `show(value)`.
pub fn loaded<T, V>(
    data: RwSignal<Option<Result<T, AppError>>>,
    show: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoAny + 'static,
{
    let i18n = use_i18n();
    move || match data.get() {
        None => view! { <p role="status">{i18n.t("加载中…", "Loading…")}</p> }.into_any(),
        Some(Err(err)) => {
            view! { <p class="alert alert-error" role="alert">{crate::ui::form::error_text(i18n, &err)}</p> }.into_any()
        }
        Some(Ok(value)) => show(value).into_any(),
    }
}
