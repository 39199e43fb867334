//! The question bank: CSV import (every row checked first, bad rows reported by line number, nothing
//! written unless all rows are good) and editing.
//!
//! CSV columns: `题型,题干,选项,答案` (header required). 题型: 单选 | 多选 | 填空 (or single | multiple | fill).
//! 选项: options separated by `|` (2–8, choice questions only). 答案: option letters (`B`, `ACD`) for
//! choice questions; accepted answers separated by `|` for fill-ins.
use crate::error::{AppError, Text};
use crate::exams::types::QuestionKind;
use crate::platform::csv_rows::{parse_rows, problems_error, RowProblem};
use crate::platform::AppState;

const MAX_ROWS: usize = 5_000;
const MAX_STEM_CHARS: usize = 1_000;

/// One valid row, ready to insert.
#[derive(Clone, Debug, PartialEq)]
pub struct NewQuestion {
    pub kind: QuestionKind,
    pub stem: String,
    pub options: Vec<String>,
    /// JSON of the answer key: option indexes or accepted texts.
    pub answer_json: String,
}

fn kind_of(raw: &str) -> Option<QuestionKind> {
    match raw.trim() {
        "单选" | "单选题" => Some(QuestionKind::Single),
        "多选" | "多选题" => Some(QuestionKind::Multiple),
        "填空" | "填空题" => Some(QuestionKind::Fill),
        other => QuestionKind::parse(&other.to_ascii_lowercase()),
    }
}

/// Checks one row (already split into fields).
pub fn check_row(fields: &[&str]) -> Result<NewQuestion, Text> {
    let [kind, stem, options, answer] = fields else {
        return Err(Text::new(
            format!("应有4列（题型,题干,选项,答案），实际{}列", fields.len()),
            format!("expected 4 columns (type, stem, options, answer), found {}", fields.len()),
        ));
    };
    let kind = kind_of(kind).ok_or_else(|| {
        Text::new(
            format!("题型“{kind}”无效，应为 单选、多选 或 填空"),
            format!("unknown type “{kind}”: use 单选, 多选 or 填空"),
        )
    })?;
    let stem = stem.trim();
    if stem.is_empty() || stem.chars().count() > MAX_STEM_CHARS {
        return Err(Text::new("题干不能为空且不超过1000字", "the stem must have 1–1000 characters"));
    }
    let split = |s: &str| s.split('|').map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect::<Vec<_>>();
    match kind {
        QuestionKind::Fill => {
            let accepted = split(answer);
            if accepted.is_empty() {
                return Err(Text::new("填空题至少要有一个参考答案", "a fill-in needs at least one accepted answer"));
            }
            if !options.trim().is_empty() {
                return Err(Text::new("填空题不能有选项", "a fill-in has no options"));
            }
            let answer_json = serde_json::to_string(&accepted).map_err(|e| Text::new(e.to_string(), e.to_string()))?;
            Ok(NewQuestion { kind, stem: stem.into(), options: vec![], answer_json })
        }
        QuestionKind::Single | QuestionKind::Multiple => {
            let options = split(options);
            if !(2..=8).contains(&options.len()) {
                return Err(Text::new(
                    "选择题应有2到8个选项，用“|”分隔",
                    "a choice question needs 2–8 options separated by “|”",
                ));
            }
            let mut indexes = Vec::new();
            for letter in answer.trim().chars().filter(|c| !c.is_whitespace() && *c != ',') {
                let index = (letter.to_ascii_uppercase() as u32).wrapping_sub('A' as u32);
                if index as usize >= options.len() || indexes.contains(&index) {
                    return Err(Text::new(
                        format!("答案“{answer}”与选项不符：请用选项字母，如 B 或 ACD"),
                        format!("answer “{answer}” doesn't fit the options: use option letters such as B or ACD"),
                    ));
                }
                indexes.push(index);
            }
            indexes.sort_unstable();
            let count_ok = if kind == QuestionKind::Single { indexes.len() == 1 } else { indexes.len() >= 2 };
            if !count_ok {
                return Err(if kind == QuestionKind::Single {
                    Text::new("单选题只能有一个正确答案", "a single-choice question has exactly one right option")
                } else {
                    Text::new("多选题至少要有两个正确答案", "a multiple-choice question has at least two right options")
                });
            }
            let answer_json = serde_json::to_string(&indexes).map_err(|e| Text::new(e.to_string(), e.to_string()))?;
            Ok(NewQuestion { kind, stem: stem.into(), options, answer_json })
        }
    }
}

/// Parses the whole file; either every row is good or the problems of all bad rows come back.
pub fn parse_csv(bytes: &[u8]) -> Result<Vec<NewQuestion>, Vec<RowProblem>> {
    Ok(parse_rows(bytes, MAX_ROWS, check_row)?.into_iter().map(|(_, q)| q).collect())
}

/// The two question pools: formal exams draw only from `Formal`, mock exams only from `Practice`, so
/// practising (unlimited, with the score shown) can never reveal a formal question's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pool {
    Formal,
    Practice,
}

impl Pool {
    pub fn as_str(self) -> &'static str {
        match self {
            Pool::Formal => "formal",
            Pool::Practice => "practice",
        }
    }

    pub fn parse(value: &str) -> Option<Pool> {
        match value {
            "formal" => Some(Pool::Formal),
            "practice" => Some(Pool::Practice),
            _ => None,
        }
    }

    /// The pool an exam of this kind draws from.
    pub fn of_exam_kind(kind: &str) -> Pool {
        if kind == "mock" {
            Pool::Practice
        } else {
            Pool::Formal
        }
    }
}

/// Imports a CSV into one pool in one transaction. Returns how many questions were added.
pub async fn import_csv(state: &AppState, bytes: &[u8], pool: Pool) -> Result<usize, AppError> {
    let questions = parse_csv(bytes).map_err(problems_error)?;
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    for q in &questions {
        insert(&mut tx, q, pool, now).await?;
    }
    tx.commit().await?;
    Ok(questions.len())
}

pub async fn insert(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    q: &NewQuestion,
    pool: Pool,
    now: i64,
) -> Result<i64, AppError> {
    let options = serde_json::to_string(&q.options).map_err(AppError::internal)?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO questions (kind, stem, options, answer, active, created_ms, updated_ms, pool) \
         VALUES ($1, $2, $3, $4, 1, $5, $5, $6) RETURNING id",
    )
    .bind(q.kind.as_str())
    .bind(&q.stem)
    .bind(options)
    .bind(&q.answer_json)
    .bind(now)
    .bind(pool.as_str())
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_file_parses_with_bom_and_chinese_types() {
        let csv =
            "\u{FEFF}题型,题干,选项,答案\n单选,1+1=?,1|2|3,B\n多选,偶数有,1|2|3|4,BD\n填空,中国的首都,,北京|北京市\n";
        let questions = parse_csv(csv.as_bytes()).unwrap();
        assert_eq!(questions.len(), 3);
        assert_eq!(questions[0].answer_json, "[1]");
        assert_eq!(questions[1].answer_json, "[1,3]");
        assert_eq!(questions[2].answer_json, "[\"北京\",\"北京市\"]");
    }

    #[test]
    fn bad_rows_are_reported_by_line_and_nothing_passes() {
        let csv = "题型,题干,选项,答案\n单选,ok,a|b,A\n判断,x,a|b,A\n单选,y,a|b,C\n多选,z,a|b|c,A\n填空,w,a|b,x\n单选,,a|b,A\n";
        let problems = parse_csv(csv.as_bytes()).unwrap_err();
        let lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6, 7]);
        assert!(problems[0].text.zh.contains("判断"));
    }

    #[test]
    fn an_empty_file_is_refused() {
        assert!(parse_csv(b"").is_err());
        assert!(parse_csv("题型,题干,选项,答案\n".as_bytes()).is_err());
    }
}
