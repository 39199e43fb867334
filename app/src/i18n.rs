//! Simplified Chinese first, English switchable. UI strings are written as (Chinese, English) pairs where
//! they are used, so a reader sees both; the chosen language lives in a signal in context and is
//! remembered per browser in localStorage.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

#[cfg_attr(not(feature = "csr"), allow(dead_code))]
const STORAGE_KEY: &str = "zj.lang";

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
    #[cfg_attr(not(feature = "csr"), allow(dead_code))]
    fn from_code(code: &str) -> Lang {
        if code == "en" {
            Lang::En
        } else {
            Lang::Zh
        }
    }
}

#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// A reactive string: re-evaluated when the language changes.
    pub fn t(self, zh: &'static str, en: &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || match self.lang.get() {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The current language's choice between two strings, read once.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self.lang.get() {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// Between the items of a list: 、 in Chinese, a comma in English.
    pub fn sep(self) -> &'static str {
        self.pick("、", ", ")
    }

    pub fn set(self, lang: Lang) {
        self.lang.set(lang);
        #[cfg(feature = "csr")]
        {
            use gloo_storage::Storage;
            let _ = gloo_storage::LocalStorage::set(STORAGE_KEY, lang.code());
        }
        mark_document_language(lang);
    }
}

pub fn provide_i18n() -> I18n {
    #[cfg(feature = "csr")]
    let initial = {
        use gloo_storage::Storage;
        gloo_storage::LocalStorage::get::<String>(STORAGE_KEY).map(|c| Lang::from_code(&c)).unwrap_or_default()
    };
    #[cfg(not(feature = "csr"))]
    let initial = Lang::default();
    mark_document_language(initial);
    let i18n = I18n { lang: RwSignal::new(initial) };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// `<html lang>` follows the choice, for screen readers and the browser's own translation prompt.
fn mark_document_language(_lang: Lang) {
    #[cfg(feature = "csr")]
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("lang", _lang.code());
    }
}
