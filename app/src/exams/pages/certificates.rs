//! 我的证书 (`/certificates`) and the public verification page behind the QR code (`/verify/:serial`).
use leptos::prelude::*;

use crate::me::CentreNav;
use leptos_router::hooks::use_params_map;

use crate::error::AppError;
use crate::exams::api::{my_certificates, verify_certificate};
use crate::exams::pages::china_time;
use crate::exams::types::{Certificate, Verification};
use crate::i18n::use_i18n;
use crate::shell::RequireSignIn;
use crate::ui::loaded::{load, loaded};

#[component]
pub fn MyCertificatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(None::<Result<Vec<Certificate>, AppError>>);
    Effect::new(move |_| load(list, my_certificates()));
    let rows = move |certs: Vec<Certificate>| {
        if certs.is_empty() {
            return view! { <p>{i18n.t("暂无证书。通过正式考试后将自动颁发。", "No certificates yet: passing a formal exam issues one.")}</p> }.into_any();
        }
        certs
            .into_iter()
            .map(|c| {
                view! {
                    <article class="exam" aria-label=c.exam_title.clone()>
                        <h2>{c.exam_title.clone()}</h2>
                        <dl class="facts">
                            <dt>{i18n.t("证书编号", "Serial")}</dt><dd class="serial">{c.serial.clone()}</dd>
                            <dt>{i18n.t("颁发日期", "Issued")}</dt><dd>{china_time(c.issued_ms)}</dd>
                            <dt>{i18n.t("成绩", "Score")}</dt><dd>{c.score}" / "{c.max_score}</dd>
                        </dl>
                        {match c.revoked_reason.clone() {
                            Some(reason) => view! {
                                <p class="alert alert-error" role="status">{i18n.t("该证书已被撤销：", "This certificate was revoked: ")}{reason}</p>
                            }.into_any(),
                            None => view! {
                                <a class="button primary" href=format!("/api/certificates/{}/pdf", c.serial) rel="external" download>{i18n.t("下载证书（PDF）", "Download (PDF)")}</a>
                            }.into_any(),
                        }}
                        " "<a class="button" href=format!("/verify/{}", c.serial)>{i18n.t("验证页面", "Verification page")}</a>
                    </article>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <RequireSignIn>
            <CentreNav/>
            <section class="card">
                <h1>{i18n.t("我的证书", "My certificates")}</h1>
                {loaded(list, rows)}
            </section>
        </RequireSignIn>
    }
}

/// Public: anyone who scans the QR code sees whether the certificate is genuine.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let result = RwSignal::new(None::<Result<Verification, AppError>>);
    Effect::new(move |_| load(result, verify_certificate(params.read().get("serial").unwrap_or_default())));
    let show = move |v: Verification| {
        if let (true, Some(reason)) = (v.genuine, v.revoked_reason.clone()) {
            let revoked_on = v.revoked_ms.map(china_time).unwrap_or_default();
            view! {
                <p id="verify-result" class="alert alert-error" role="alert">
                    <strong>{i18n.t("该证书已被撤销，不再有效", "This certificate was revoked and is no longer valid")}</strong>
                    {i18n.t("（", " (")}{revoked_on}{i18n.t("）：", "): ")}{reason}
                </p>
                <dl class="facts">
                    <dt>{i18n.t("证书编号", "Serial")}</dt><dd>{v.serial.clone()}</dd>
                    <dt>{i18n.t("考试", "Exam")}</dt><dd>{v.exam_title.clone().unwrap_or_default()}</dd>
                </dl>
            }
            .into_any()
        } else if v.genuine {
            view! {
                <p id="verify-result" class="notice" role="status"><strong>{i18n.t("证书真实有效", "This certificate is genuine")}</strong></p>
                <dl class="facts">
                    <dt>{i18n.t("证书编号", "Serial")}</dt><dd>{v.serial.clone()}</dd>
                    <dt>{i18n.t("持证人", "Holder")}</dt><dd>{v.holder_name_masked.clone().unwrap_or_default()}</dd>
                    <dt>{i18n.t("考试", "Exam")}</dt><dd>{v.exam_title.clone().unwrap_or_default()}</dd>
                    <dt>{i18n.t("颁发日期", "Issued")}</dt><dd>{v.issued_ms.map(china_time).unwrap_or_default()}</dd>
                </dl>
            }
            .into_any()
        } else {
            view! {
                <p id="verify-result" class="alert alert-error" role="alert">
                    {i18n.t("未找到该证书编号，证书可能是伪造的。", "No certificate has this serial: it may be forged.")}
                </p>
            }
            .into_any()
        }
    };
    view! {
        <section class="card narrow">
            <h1>{i18n.t("证书验证", "Certificate verification")}</h1>
            {loaded(result, show)}
        </section>
    }
}
