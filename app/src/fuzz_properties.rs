//! The properties the fuzz targets check (fuzz/fuzz_targets), kept here so that the ordinary test run
//! replays the fuzz corpus and random inputs through exactly the same checks (server/tests/fuzz_corpus.rs)
//! without the separate sanitizer build that coverage-guided fuzzing needs (`scripts/fuzz`, by hand).
//! Each function panics when a property fails, which is what libFuzzer and the tests both catch.
use crate::applications::ssr::catalog::parse_catalog;
use crate::exams::ssr::bank::parse_csv;
use crate::exams::types::QuestionKind;
use crate::identity::photo::{check_upload, decode, sniff, FileKind};
use crate::pool::ssr::parse_pool;
use crate::rules::*;

/// PostgreSQL refuses NUL in text, and control characters have no place in a name or a question.
fn storable(text: &str) -> bool {
    !text.is_empty() && !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
}

/// The three CSV imports (question bank, specialty catalog, existing expert pool): all or nothing, and
/// every accepted row is one the database can store as it is.
pub fn csv_import(data: &[u8]) {
    match parse_csv(data) {
        Ok(questions) => {
            for q in questions {
                assert!(storable(&q.stem), "stem {:?}", q.stem);
                assert!(q.options.iter().all(|o| storable(o)), "options {:?}", q.options);
                if q.kind == QuestionKind::Fill {
                    let accepted: Vec<String> = serde_json::from_str(&q.answer_json).expect("accepted texts");
                    assert!(!accepted.is_empty() && accepted.iter().all(|a| storable(a)), "{accepted:?}");
                    continue;
                }
                let answer: Vec<usize> = serde_json::from_str(&q.answer_json).expect("option indexes");
                match q.kind {
                    QuestionKind::Single => assert_eq!(answer.len(), 1),
                    _ => assert!(answer.len() >= 2),
                }
                assert!(answer.iter().all(|&i| i < q.options.len()), "answer {answer:?} of {:?}", q.options);
            }
        }
        Err(problems) => assert!(!problems.is_empty(), "a refusal says why"),
    }
    match parse_catalog(data) {
        Ok(rows) => {
            for (line, row) in rows {
                assert!(line >= 2, "data rows come after the header");
                assert!(storable(&row.code) && storable(&row.name), "{row:?}");
            }
        }
        Err(problems) => assert!(!problems.is_empty()),
    }
    match parse_pool(data, (2026, 12, 1)) {
        Ok(rows) => {
            for (line, row) in rows {
                assert!(line >= 2, "data rows come after the header");
                assert!(storable(&row.real_name) && storable(&row.id_number) && storable(&row.phone), "{row:?}");
                assert!(!row.specialties.is_empty() && row.specialties.iter().all(|c| storable(c)), "{row:?}");
            }
        }
        Err(problems) => assert!(!problems.is_empty()),
    }
}

fn idempotent<E: std::fmt::Debug + PartialEq>(rule: impl Fn(&str) -> Result<String, E>, raw: &str) {
    if let Ok(once) = rule(raw) {
        assert_eq!(rule(&once), Ok(once.clone()), "accepted {raw:?} as {once:?}, which is then refused or changed");
    }
}

/// Every field rule: a value a rule accepts is accepted again unchanged (the server re-checks what the
/// browser normalized), and the password verdict agrees with the live checklist the form shows.
pub fn field_rules(data: &[u8]) {
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
}

const MAX_UPLOAD_BYTES: usize = 1024 * 1024;

/// The upload type check and the photo decoder: the kind is decided by content alone (an image must also
/// decode, a PDF must parse), size limits hold, and decoding within the limits never panics.
pub fn upload_check(data: &[u8]) {
    let allowed: &[FileKind] = match data.first().map(|b| b % 3) {
        Some(0) => &[FileKind::Jpeg, FileKind::Png],
        Some(1) => &[FileKind::Pdf],
        _ => &[FileKind::Jpeg, FileKind::Png, FileKind::Pdf],
    };
    let size_ok = !data.is_empty() && data.len() <= MAX_UPLOAD_BYTES;
    let kind = sniff(data).filter(|k| allowed.contains(k));
    match check_upload(data, MAX_UPLOAD_BYTES, allowed) {
        Ok(accepted) => {
            assert!(size_ok && kind == Some(accepted));
            // An accepted image is one the decoder reads.
            if accepted != FileKind::Pdf {
                assert!(decode(data).is_some());
            }
        }
        // Refused with the size right and an allowed image kind: the decoder can't read it either.
        Err(_) => {
            if size_ok && matches!(kind, Some(FileKind::Jpeg | FileKind::Png)) {
                assert!(decode(data).is_none());
            }
        }
    }
    if let Some(image) = decode(data) {
        assert!(image.width() <= 8000 && image.height() <= 8000);
    }
}

#[cfg(test)]
mod tests {
    use rand::{rngs::StdRng, Rng, SeedableRng};

    /// The seeds and every crash input ever added to fuzz/corpus/<target>.
    fn corpus(target: &str) -> Vec<Vec<u8>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus").join(target);
        let mut inputs: Vec<Vec<u8>> = std::fs::read_dir(&dir)
            .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
            .map(|entry| std::fs::read(entry.unwrap().path()).unwrap())
            .collect();
        assert!(!inputs.is_empty(), "{} holds no inputs", dir.display());
        inputs.sort();
        inputs
    }

    /// Byte flips, insertions, deletions, cuts and splices of the corpus, from a fixed seed so that a
    /// failure repeats: a cheap stand-in for the coverage-guided runs of `scripts/fuzz`.
    fn mutants(corpus: &[Vec<u8>], count: usize) -> impl Iterator<Item = Vec<u8>> + '_ {
        let mut rng = StdRng::seed_from_u64(20_261_202);
        const INTERESTING: &[u8] = b"\0\r\n,\"\xff\xfe\xef\xbb\xbf0123456789Xx-";
        (0..count).map(move |_| {
            let mut input = corpus[rng.gen_range(0..corpus.len())].clone();
            for _ in 0..rng.gen_range(1..8) {
                let at = rng.gen_range(0..=input.len());
                match rng.gen_range(0..5) {
                    0 if at < input.len() => input[at] ^= 1 << rng.gen_range(0..8),
                    1 => input.insert(at, INTERESTING[rng.gen_range(0..INTERESTING.len())]),
                    2 if at < input.len() => {
                        input.remove(at);
                    }
                    3 => input.truncate(at),
                    _ => {
                        let other = &corpus[rng.gen_range(0..corpus.len())];
                        let from = rng.gen_range(0..=other.len());
                        input.splice(at..at, other[from..].iter().copied().take(64));
                    }
                }
            }
            input
        })
    }

    fn replay(target: &str, property: fn(&[u8]), count: usize) {
        let corpus = corpus(target);
        for input in corpus.iter().cloned().chain(mutants(&corpus, count)) {
            if std::panic::catch_unwind(|| property(&input)).is_err() {
                panic!("{target} fails on {:?}", String::from_utf8_lossy(&input));
            }
        }
    }

    #[test]
    fn csv_imports_hold_on_the_corpus_and_its_mutants() {
        replay("csv_import", super::csv_import, 3_000);
    }

    #[test]
    fn field_rules_hold_on_the_corpus_and_its_mutants() {
        replay("field_rules", super::field_rules, 20_000);
    }

    #[test]
    fn upload_checks_hold_on_the_corpus_and_its_mutants() {
        replay("upload_check", super::upload_check, 2_000);
    }
}
