//! Grading rules (SPEC §7), pure so the same code is tested alone: single choice exact, multiple
//! choice the exact set (no partial credit), fill-in matched against the accepted answers after
//! trimming and folding full-width/half-width and case.
use crate::exams::types::{AnswerValue, QuestionKind};
use crate::rules::to_half_width;

/// The form in which two fill-in answers are compared: full-width folded to half-width, lower case,
/// inner runs of white space made one space, ends trimmed.
pub fn fold_fill(text: &str) -> String {
    let folded: String = text.chars().map(to_half_width).flat_map(char::to_lowercase).collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The key of a question as stored in the bank: option indexes of the *original* order, or texts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerKey {
    Choices(Vec<u32>),
    Accepted(Vec<String>),
}

/// Whether `given` (shown option indexes under `option_order`) is right for the key.
pub fn is_correct(kind: QuestionKind, key: &AnswerKey, option_order: &[u32], given: &AnswerValue) -> bool {
    match (kind, key, given) {
        (QuestionKind::Single | QuestionKind::Multiple, AnswerKey::Choices(right), AnswerValue::Choices(shown)) => {
            let mut original: Vec<u32> = shown.iter().filter_map(|&i| option_order.get(i as usize).copied()).collect();
            original.sort_unstable();
            original.dedup();
            let mut right = right.clone();
            right.sort_unstable();
            right.dedup();
            if kind == QuestionKind::Single && right.len() != 1 {
                return false;
            }
            !original.is_empty() && original.len() == shown.len() && original == right
        }
        (QuestionKind::Fill, AnswerKey::Accepted(accepted), AnswerValue::Text(text)) => {
            let given = fold_fill(text);
            !given.is_empty() && accepted.iter().any(|a| fold_fill(a) == given)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_ins_fold_width_case_and_spaces() {
        let key = AnswerKey::Accepted(vec!["GB 11643".into(), "公民身份号码".into()]);
        let right = |t: &str| is_correct(QuestionKind::Fill, &key, &[], &AnswerValue::Text(t.into()));
        assert!(right("ＧＢ　１１６４３"));
        assert!(right("  gb   11643 "));
        assert!(right("公民身份号码"));
        assert!(!right("GB11643"), "a missing space is a different answer");
        assert!(!right(""));
        assert!(!right("   "));
    }

    #[test]
    fn choices_are_compared_in_the_original_order() {
        // Shown order: original options 2, 0, 1.
        let order = [2, 0, 1];
        let single = AnswerKey::Choices(vec![0]);
        assert!(is_correct(QuestionKind::Single, &single, &order, &AnswerValue::Choices(vec![1])));
        assert!(!is_correct(QuestionKind::Single, &single, &order, &AnswerValue::Choices(vec![0])));
        assert!(!is_correct(QuestionKind::Single, &single, &order, &AnswerValue::Choices(vec![])));
    }

    #[test]
    fn multiple_choice_needs_the_exact_set() {
        let order = [0, 1, 2, 3];
        let key = AnswerKey::Choices(vec![1, 3]);
        let answer = |c: Vec<u32>| is_correct(QuestionKind::Multiple, &key, &order, &AnswerValue::Choices(c));
        assert!(answer(vec![3, 1]));
        assert!(!answer(vec![1]), "no partial credit");
        assert!(!answer(vec![1, 2, 3]));
        assert!(!answer(vec![1, 1, 3]), "a repeated index is not a third choice");
        assert!(!answer(vec![1, 9]), "an index outside the options is wrong");
    }

    #[test]
    fn a_mismatched_answer_type_is_wrong() {
        let key = AnswerKey::Choices(vec![0]);
        assert!(!is_correct(QuestionKind::Single, &key, &[0, 1], &AnswerValue::Text("A".into())));
    }
}
