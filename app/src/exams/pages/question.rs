//! The answer card and the question on screen, and the keyboard (arrows move, digits and letters pick).
use leptos::prelude::*;

use crate::exams::pages::attempt::Exam;
use crate::exams::types::{AnswerValue, QuestionKind};
use crate::i18n::use_i18n;

#[component]
pub fn AnswerCard(exam: Exam) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="answer-card" aria-label=i18n.t("答题卡", "Answer card")>
            {(0..exam.count()).map(|position| view! {
                <button type="button" class:answered=move || exam.is_answered(position) class:current=move || exam.current.get() == position
                    aria-current=move || (exam.current.get() == position).then_some("step")
                    on:click=move |_| exam.go(position)>{position + 1}</button>
            }).collect_view()}
        </nav>
    }
}

/// The question on screen. Keyed by position, so every question gets inputs of its own: reusing one
/// question's radios for the next (renaming a checked radio into the next group) unchecked the answer
/// the candidate had given.
#[component]
pub fn QuestionPanel(exam: Exam) -> impl IntoView {
    view! {
        <For each=move || [exam.current.get()] key=|position| *position let:position>
            <Question exam=exam position=position/>
        </For>
    }
}

#[component]
fn Question(exam: Exam, position: i64) -> impl IntoView {
    let i18n = use_i18n();
    exam.question(position).map(|q| {
        let (zh, en) = q.kind.label();
        let body = if q.kind == QuestionKind::Fill {
            let value = move || match exam.answers.with(|a| a.get(&position).map(|(v, _)| v.clone())) {
                Some(AnswerValue::Text(t)) => t,
                _ => String::new(),
            };
            // Saved as it is typed (once typing pauses) and at once on leaving the field; text in the
            // middle of an IME composition (pinyin not yet turned into characters) waits for its end.
            view! {
                <label class="field">{i18n.t("答案", "Answer")}
                    <input type="text" maxlength="200" prop:value=value
                        on:input=move |ev| if !composing(&ev) { exam.typed(position, event_target_value(&ev)) }
                        on:compositionend=move |ev| exam.typed(position, event_target_value(&ev))
                        on:blur=move |_| exam.send_now()/>
                </label>
            }
            .into_any()
        } else {
            let multiple = q.kind == QuestionKind::Multiple;
            q.options
                .iter()
                .enumerate()
                .map(|(index, text)| {
                    let index = index as u32;
                    let letter = char::from(b'A' + index as u8);
                    let checked = move || {
                        exam.answers.with(
                            |a| matches!(a.get(&position), Some((AnswerValue::Choices(c), _)) if c.contains(&index)),
                        )
                    };
                    view! {
                        <label class="option">
                            <input type=if multiple { "checkbox" } else { "radio" } name=format!("q{position}") prop:checked=checked
                                on:change=move |_| toggle(exam, position, index, multiple)/>
                            <span>{format!("{letter}. {text}")}</span>
                        </label>
                    }
                })
                .collect_view()
                .into_any()
        };
        let points = q.points;
        let points = move || match i18n.lang.get() {
            crate::i18n::Lang::Zh => format!(" （{points}分）"),
            crate::i18n::Lang::En => format!(" ({points} points)"),
        };
        view! {
            <section class="question" aria-label=move || format!("{}{}{}", i18n.pick("第", "Question "), position + 1, i18n.pick("题", ""))>
                <p class="question-head">{format!("{}. ", position + 1)}<span class="tag">{i18n.t(zh, en)}</span>{points}</p>
                <p class="stem">{q.stem.clone()}</p>
                <div class="options">{body}</div>
            </section>
        }
    })
}

/// An `input` event in the middle of an IME composition.
fn composing(ev: &leptos::web_sys::Event) -> bool {
    #[cfg(feature = "csr")]
    {
        use wasm_bindgen::JsCast;
        ev.dyn_ref::<web_sys::InputEvent>().is_some_and(web_sys::InputEvent::is_composing)
    }
    #[cfg(not(feature = "csr"))]
    {
        let _ = ev;
        false
    }
}

/// Picks an option (single choice) or turns it on/off (multiple choice).
pub fn toggle(exam: Exam, position: i64, index: u32, multiple: bool) {
    let mut chosen = match exam.answers.with_untracked(|a| a.get(&position).map(|(v, _)| v.clone())) {
        Some(AnswerValue::Choices(c)) => c,
        _ => vec![],
    };
    if multiple {
        if let Some(at) = chosen.iter().position(|c| *c == index) {
            chosen.remove(at);
        } else {
            chosen.push(index);
            chosen.sort_unstable();
        }
    } else {
        chosen = vec![index];
    }
    exam.answer(position, AnswerValue::Choices(chosen));
}

/// Arrow keys move between questions; digits 1–8 and letters A–H pick options (not while typing).
#[cfg(feature = "csr")]
pub fn keyboard(exam: Exam) -> KeyListener {
    use wasm_bindgen::JsCast;
    let handler =
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
            let typing = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .is_some_and(|input| input.type_() == "text");
            if typing || ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
                return;
            }
            let position = exam.current.get_untracked();
            match ev.key().as_str() {
                "ArrowLeft" | "ArrowUp" => {
                    ev.prevent_default();
                    exam.go(position - 1);
                }
                "ArrowRight" | "ArrowDown" => {
                    ev.prevent_default();
                    exam.go(position + 1);
                }
                key => {
                    let Some(question) = exam.question(position) else { return };
                    let c = key.chars().next().unwrap_or(' ').to_ascii_uppercase();
                    let index = match c {
                        '1'..='8' if key.len() == 1 => c as u32 - '1' as u32,
                        'A'..='H' if key.len() == 1 => c as u32 - 'A' as u32,
                        _ => return,
                    };
                    if question.kind != QuestionKind::Fill && (index as usize) < question.options.len() {
                        ev.prevent_default();
                        toggle(exam, position, index, question.kind == QuestionKind::Multiple);
                    }
                }
            }
        });
    let window = web_sys::window().expect("window");
    let _ = window.add_event_listener_with_callback_and_bool("keydown", handler.as_ref().unchecked_ref(), true);
    KeyListener(handler)
}

#[cfg(feature = "csr")]
pub struct KeyListener(wasm_bindgen::closure::Closure<dyn Fn(web_sys::KeyboardEvent)>);

#[cfg(feature = "csr")]
impl Drop for KeyListener {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        if let Some(window) = web_sys::window() {
            let _ =
                window.remove_event_listener_with_callback_and_bool("keydown", self.0.as_ref().unchecked_ref(), true);
        }
    }
}
