//! Every field rule on arbitrary text: no panic, and the properties the forms rely on. A value a rule
//! accepts is accepted again unchanged (the server re-checks what the browser normalized), and the
//! password verdict agrees with the live checklist the form shows.
#![no_main]

use app::rules::*;
use libfuzzer_sys::fuzz_target;

fn idempotent<E: std::fmt::Debug + PartialEq>(rule: impl Fn(&str) -> Result<String, E>, raw: &str) {
    if let Ok(once) = rule(raw) {
        assert_eq!(rule(&once), Ok(once.clone()), "accepted {raw:?} as {once:?}, which is then refused or changed");
    }
}

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    let raw = raw.as_ref();
    let today = (2026, 11, 24);

    idempotent(normalize_phone, raw);
    idempotent(check_landline, raw);
    idempotent(check_name, raw);
    idempotent(check_username, raw);
    idempotent(check_uscc, raw);
    idempotent(check_sms_code, raw);
    for id_type in [IdType::ResidentCard, IdType::MilitaryOfficer, IdType::Passport, IdType::Other] {
        idempotent(|s| check_id_for_type(id_type, s, today), raw);
    }
    if let Ok(id) = normalize_id_number(raw, today) {
        assert!(birth_date(&id).is_some(), "an accepted ID number {id:?} has a birth date");
        assert_ne!(mask_id_number(&id), id, "the mask hides part of {id:?}");
    }
    if let Ok(phone) = normalize_phone(raw) {
        assert_ne!(mask_phone(&phone), phone);
    }
    if let Ok(kept) = check_required("字段", "field", raw, 50) {
        assert!(!kept.is_empty() && kept.chars().count() <= 50 && kept == kept.trim());
    }
    let _ = check_len("字段", "field", raw, 50);
    let _ = username_key(raw);

    // The password is compared against (user name, ID number) taken from the same input.
    let (password, rest) = raw.split_at(raw.char_indices().nth(raw.chars().count() / 2).map_or(raw.len(), |(i, _)| i));
    let context = PasswordContext { username: rest, id_number: rest };
    for profile in [PasswordProfile::Default, PasswordProfile::Strict] {
        let all_ticked = checklist(profile, password, &context).iter().all(|item| item.ok);
        let verdict = check_password(profile, password, &context);
        assert_eq!(verdict.is_ok(), all_ticked && !password.is_empty(), "{profile:?} {password:?}: {verdict:?}");
    }
});
