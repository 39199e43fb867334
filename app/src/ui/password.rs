//! The live password checklist: the very rule the server applies (`rules::password::checklist`), shown
//! item by item as the user types.
use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::rules::{checklist, PasswordContext, PasswordProfile};

#[component]
pub fn PasswordChecklist(
    #[prop(into)] password: Signal<String>,
    #[prop(into)] username: Signal<String>,
    #[prop(into)] id_number: Signal<String>,
    #[prop(into)] profile: Signal<PasswordProfile>,
) -> impl IntoView {
    let i18n = use_i18n();
    let items = Memo::new(move |_| {
        let (pw, user, id) = (password.get(), username.get(), id_number.get());
        let context = PasswordContext { username: user.trim(), id_number: id.trim() };
        checklist(profile.get(), &pw, &context)
            .into_iter()
            .map(|item| (item.rule.zh().to_string(), item.rule.en().to_string(), item.ok))
            .collect::<Vec<_>>()
    });
    view! {
        <ul class="checklist" id="password-checklist" aria-live="polite" aria-label=i18n.t("密码要求", "Password requirements")>
            {move || {
                items
                    .get()
                    .into_iter()
                    .map(|(zh, en, ok)| {
                        let label = i18n.pick(&zh, &en).to_string();
                        view! {
                            <li class:ok=ok data-ok=ok.to_string()>
                                <span aria-hidden="true">{if ok { "✓" } else { "○" }}</span>
                                " "
                                {label}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}
