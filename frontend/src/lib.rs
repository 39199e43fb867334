//! The WASM entry: mounts the app. `ZJ_API_BASE` (set at build time) points the server functions at an
//! API on another origin when the site is hosted statically elsewhere; empty means "same origin".
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    if let Some(base) = option_env!("ZJ_API_BASE").filter(|base| !base.is_empty()) {
        let _ = leptos::server_fn::client::try_set_server_url(base);
    }
    leptos::mount::mount_to_body(app::App);
}
