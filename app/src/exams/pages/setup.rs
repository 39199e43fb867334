//! The exam office's set-up on `/exam-admin`: importing questions from CSV (with a progress bar and
//! the bad rows by line) and creating an exam with the [defaults] of SPEC §7.
use leptos::prelude::*;

use crate::error::{AppError, Text};
use crate::exams::api::create_exam;
use crate::exams::types::ExamSettings;
use crate::i18n::use_i18n;
use crate::ui::form::{FormAlert, FormState, Notice};
use crate::ui::upload::ProgressBar;

#[cfg(feature = "csr")]
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
struct Imported {
    imported: i64,
}

#[component]
pub fn QuestionImport() -> impl IntoView {
    let i18n = use_i18n();
    let progress = RwSignal::new(None::<f64>);
    let outcome = RwSignal::new(None::<Result<i64, AppError>>);
    let practice = RwSignal::new(false);
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "csr")]
        {
            use wasm_bindgen::JsCast;
            let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
            let Some(file) = input.and_then(|i| i.files()).and_then(|f| f.get(0)) else { return };
            leptos::task::spawn_local(async move {
                outcome.set(None);
                progress.set(Some(0.0));
                let result = async {
                    let bytes = crate::ui::upload::read_file(&file).await?;
                    let pool = if practice.get_untracked() { "practice" } else { "formal" };
                    let path = format!("/api/exam-admin/questions/import?pool={pool}");
                    crate::ui::upload::upload::<Imported>(&path, bytes, move |p| progress.set(Some(p))).await
                }
                .await;
                progress.set(None);
                outcome.set(Some(result.map(|r| r.imported)));
            });
        }
        #[cfg(not(feature = "csr"))]
        let _ = (ev, progress);
    };
    view! {
        <fieldset class="field">
            <legend>{i18n.t("导入到", "Import into")}</legend>
            <label class="check"><input type="radio" name="question-pool" prop:checked=move || !practice.get() on:change=move |_| practice.set(false)/>{i18n.t("正式考试题库", "The formal pool")}</label>
            <label class="check"><input type="radio" name="question-pool" prop:checked=move || practice.get() on:change=move |_| practice.set(true)/>{i18n.t("模拟练习题库（仅供模拟考试，勿放正式考题）", "The practice pool (mock exams only: never formal questions)")}</label>
        </fieldset>
        <div class="field">
            <label for="question-csv">{i18n.t("导入题库（CSV：题型,题干,选项,答案）", "Import questions (CSV: type, stem, options, answer)")}</label>
            <input id="question-csv" type="file" accept=".csv,text/csv" on:change=on_change/>
            <ProgressBar value=progress label=("题库导入", "Question import")/>
            {move || outcome.get().map(|o| match o {
                Ok(n) => view! { <p class="notice" role="status">{format!("{}{n}{}", i18n.pick("已导入 ", "Imported "), i18n.pick(" 道题", " questions"))}</p> }.into_any(),
                Err(AppError::Invalid(rows)) => view! {
                    <div class="alert alert-error" role="alert">
                        <p>{i18n.t("以下行有误，整个文件未导入：", "These rows are wrong; nothing was imported:")}</p>
                        <ul>{rows.into_iter().map(|r| view! { <li>{i18n.pick(&r.text.zh, &r.text.en).to_string()}</li> }).collect_view()}</ul>
                    </div>
                }.into_any(),
                Err(err) => {
                    let text = err.text();
                    view! { <p class="alert alert-error" role="alert">{i18n.pick(&text.zh, &text.en).to_string()}</p> }.into_any()
                }
            })}
        </div>
    }
}

/// A number field bound to one setting.
#[component]
fn NumberField(id: &'static str, label: (&'static str, &'static str), value: RwSignal<i64>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field inline">
            <label for=id>{i18n.t(label.0, label.1)}</label>
            <input id=id type="number" min="0" prop:value=move || value.get().to_string()
                on:input=move |ev| value.set(event_target_value(&ev).parse().unwrap_or(0))/>
        </div>
    }
}

#[component]
pub fn CreateExam() -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let defaults = ExamSettings::formal_defaults("", 0);
    let title = RwSignal::new(String::new());
    let mock = RwSignal::new(false);
    let start = RwSignal::new(String::new());
    let candidates = RwSignal::new(String::new());
    let duration = RwSignal::new(defaults.duration_min);
    let pass_mark = RwSignal::new(defaults.pass_mark);
    let singles = RwSignal::new(defaults.single_count);
    let multiples = RwSignal::new(defaults.multiple_count);
    let fills = RwSignal::new(defaults.fill_count);
    let proctoring = RwSignal::new(true);
    let show_result = RwSignal::new(true);
    let created = RwSignal::new(None::<Text>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(start_ms) = china_local_to_ms(&start.get_untracked()) else {
            form.error.set(Some(AppError::invalid("start", "请选择开考时间", "Choose the start time")));
            return;
        };
        let mut settings = ExamSettings::formal_defaults(&title.get_untracked(), start_ms);
        settings.kind = if mock.get_untracked() { "mock".into() } else { "formal".into() };
        settings.duration_min = duration.get_untracked();
        settings.pass_mark = pass_mark.get_untracked();
        (settings.single_count, settings.multiple_count, settings.fill_count) =
            (singles.get_untracked(), multiples.get_untracked(), fills.get_untracked());
        settings.proctoring = proctoring.get_untracked();
        settings.show_result = show_result.get_untracked();
        settings.candidates = candidates
            .get_untracked()
            .split([',', '，', '\n', ' '])
            .filter(|s| !s.trim().is_empty())
            .map(String::from)
            .collect();
        form.run(create_exam(settings), move |id| {
            created.set(Some(Text::new(format!("考试已创建（编号 {id}）"), format!("Exam created (no. {id})"))));
        });
    };
    view! {
        <form on:submit=submit novalidate aria-label=i18n.t("创建考试", "Create an exam")>
            <FormAlert form=form/>
            <div class="field">
                <label for="exam-title">{i18n.t("考试名称", "Title")}</label>
                <input id="exam-title" maxlength="100" prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
            </div>
            <label class="check"><input type="checkbox" prop:checked=move || mock.get() on:change=move |ev| mock.set(event_target_checked(&ev))/>{i18n.t("模拟考试（不限次数、不监考、不发证）", "Mock exam (unlimited, unproctored, no certificate)")}</label>
            <p class="hint" role="status">{move || if mock.get() {
                i18n.pick("题库：模拟练习题库（不含正式考试的题目）", "Questions: the practice pool (never a formal exam's questions)")
            } else {
                i18n.pick("题库：正式考试题库", "Questions: the formal pool")
            }}</p>
            <div class="field">
                <label for="exam-start">{i18n.t("开考时间（北京时间）", "Start (China time)")}</label>
                <input id="exam-start" type="datetime-local" prop:value=move || start.get() on:input=move |ev| start.set(event_target_value(&ev))/>
            </div>
            <NumberField id="exam-duration" label=("时长（分钟）", "Duration (min)") value=duration/>
            <NumberField id="exam-pass" label=("及格分", "Pass mark") value=pass_mark/>
            <NumberField id="exam-single" label=("单选题数", "Single-choice") value=singles/>
            <NumberField id="exam-multiple" label=("多选题数", "Multiple-choice") value=multiples/>
            <NumberField id="exam-fill" label=("填空题数", "Fill-in") value=fills/>
            <label class="check"><input type="checkbox" prop:checked=move || show_result.get() on:change=move |ev| show_result.set(event_target_checked(&ev))/>{i18n.t("交卷后立即显示成绩（不勾选则由考务统一公布）", "Show the result at hand-in (otherwise the office publishes all results at once)")}</label>
            <label class="check"><input type="checkbox" prop:checked=move || proctoring.get() on:change=move |ev| proctoring.set(event_target_checked(&ev))/>{i18n.t("开启监考（摄像头、身份核验、抓拍）", "Proctoring (camera, identity check, snapshots)")}</label>
            <div class="field">
                <label for="exam-candidates">{i18n.t("考生用户名（逗号或换行分隔）", "Candidates' user names (comma or line separated)")}</label>
                <textarea id="exam-candidates" prop:value=move || candidates.get() on:input=move |ev| candidates.set(event_target_value(&ev))></textarea>
                // Eligibility "approved applicants": everyone the four-stage review approved, as a list.
                <button type="button" on:click=move |_| form.run(crate::applications::api::approved_applicants(), move |names: Vec<String>| {
                    candidates.update(|c| {
                        let mut all: Vec<String> = c.split([',', '\n']).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
                        all.extend(names.into_iter().filter(|n| !all.contains(n)).collect::<Vec<_>>());
                        *c = all.join("\n");
                    })
                })>{i18n.t("填入已通过审核的申请人", "Add the approved applicants")}</button>
            </div>
            <button type="submit" class="primary" disabled=move || form.pending.get()>{i18n.t("创建考试", "Create the exam")}</button>
            <Notice text=created/>
        </form>
    }
}

/// A datetime-local input where empty means "now": `Some(0)` then (the server's clock decides what now
/// is), else the time as [`china_local_to_ms`] reads it.
pub fn china_local_or_now(value: &str) -> Option<i64> {
    if value.trim().is_empty() {
        Some(0)
    } else {
        china_local_to_ms(value)
    }
}

/// "2026-11-24T09:00" (a datetime-local input, read as China time) → ms since the epoch.
pub fn china_local_to_ms(value: &str) -> Option<i64> {
    let (date, time) = value.split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.split(':').map(|p| p.parse::<i64>().ok());
    let (hh, mm) = (t.next()??, t.next()??);
    // Days from the civil date (Howard Hinnant's algorithm), then China is UTC+8.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 24 + hh - 8) * 60 + mm) * 60_000)
}

#[cfg(test)]
mod tests {
    #[test]
    fn china_local_time_becomes_utc_ms() {
        // 2026-11-23 18:00 in China = 10:00 UTC = 1_795_428_000_000 (the server tests' start instant).
        assert_eq!(super::china_local_to_ms("2026-11-23T18:00"), Some(1_795_428_000_000));
        assert_eq!(super::china_local_to_ms("not a date"), None);
    }
}
