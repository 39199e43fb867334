//! Starting a download from code, as a click on a link with `download` would (the file the server
//! names in Content-Disposition lands in the browser's downloads; the page stays).
pub fn start_download(url: &str) {
    #[cfg(feature = "csr")]
    {
        use wasm_bindgen::JsCast;
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let Ok(link) = document.create_element("a") else { return };
        let _ = link.set_attribute("href", url);
        let _ = link.set_attribute("download", "");
        if let Ok(link) = link.dyn_into::<web_sys::HtmlElement>() {
            link.click();
        }
    }
    #[cfg(not(feature = "csr"))]
    let _ = url;
}
