//! The three CSV imports (question bank, specialty catalog, existing expert pool) on arbitrary bytes: no
//! panic, all or nothing, and every accepted row is one the database can store as it is.
#![no_main]

use app::applications::ssr::catalog::parse_catalog;
use app::exams::ssr::bank::parse_csv;
use app::exams::types::QuestionKind;
use app::pool::ssr::parse_pool;
use libfuzzer_sys::fuzz_target;

/// PostgreSQL refuses NUL in text, and control characters have no place in a name or a question.
fn storable(text: &str) -> bool {
    !text.is_empty() && !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
}

fuzz_target!(|data: &[u8]| {
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
});
