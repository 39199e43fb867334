//! CSV imports, all or nothing: every row is checked first, the problems of all bad rows come back with
//! their line numbers, and nothing is written unless every row is good. Used by the question bank and
//! the specialty catalog.
use crate::error::{AppError, FieldError, Text};

/// A refused row: its line in the file (1 = header) and why.
#[derive(Clone, Debug, PartialEq)]
pub struct RowProblem {
    pub line: u64,
    pub text: Text,
}

fn unprintable_row() -> Text {
    Text::new(
        "本行含有无法显示的控制字符（如NUL），请删除后再导入",
        "this row contains control characters (such as NUL): remove them and import again",
    )
}

fn unknown_encoding() -> Text {
    Text::new(
        "无法识别文件编码：请在Excel中“另存为”CSV UTF-8格式后再导入",
        "The file's encoding is not recognised: save it as \"CSV UTF-8\" in Excel and import again",
    )
}

/// The file as text: UTF-8 (a BOM skipped), or else GB18030, the superset of GBK that Excel writes by
/// default on Chinese Windows; `None` when it is neither.
pub fn decode_text(bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text.into()),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes),
    }
}

/// Parses a CSV with a header row (a UTF-8 BOM is skipped, blank rows ignored), checking each row with
/// `check`. Either every row is good (with its line) or the problems of all bad rows come back.
pub fn parse_rows<T>(
    bytes: &[u8],
    max_rows: usize,
    check: impl Fn(&[&str]) -> Result<T, Text>,
) -> Result<Vec<(u64, T)>, Vec<RowProblem>> {
    let Some(text) = decode_text(bytes) else {
        return Err(vec![RowProblem { line: 1, text: unknown_encoding() }]);
    };
    // The csv crate ends a row at a lone CR (old Mac files) but counts lines by LF only, so every row of
    // such a file would be reported as line 1: one line ending for all.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
    let mut good = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map(|p| p.line()).unwrap_or(0);
                let fields: Vec<&str> = record.iter().collect();
                if fields.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                // Checked here once for every import: PostgreSQL can't store NUL, and no name or
                // question needs a control character.
                if fields.iter().any(|f| f.chars().any(crate::rules::text::is_unprintable)) {
                    problems.push(RowProblem { line, text: unprintable_row() });
                    continue;
                }
                match check(&fields) {
                    Ok(row) => good.push((line, row)),
                    Err(text) => problems.push(RowProblem { line, text }),
                }
            }
            Err(err) => {
                let line = err.position().map(|p| p.line()).unwrap_or(0);
                problems.push(RowProblem {
                    line,
                    text: Text::new(format!("无法解析：{err}"), format!("unreadable: {err}")),
                });
            }
        }
        if good.len() + problems.len() > max_rows {
            problems.push(RowProblem {
                line: 0,
                text: Text::new(format!("一次最多导入{max_rows}行"), format!("at most {max_rows} rows per import")),
            });
            break;
        }
    }
    if good.is_empty() && problems.is_empty() {
        problems.push(RowProblem { line: 1, text: Text::new("文件中没有数据行", "the file has no rows") });
    }
    if problems.is_empty() {
        Ok(good)
    } else {
        Err(problems)
    }
}

/// The problems as the `file` field's messages ("第3行：…"), at most 50.
pub fn problems_error(problems: Vec<RowProblem>) -> AppError {
    AppError::Invalid(
        problems
            .into_iter()
            .take(50)
            .map(|p| {
                let text =
                    Text::new(format!("第{}行：{}", p.line, p.text.zh), format!("line {}: {}", p.line, p.text.en));
                FieldError::new("file", text)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(bytes: &[u8]) -> Vec<u64> {
        let rows = parse_rows(bytes, 10, |fields| Ok::<_, Text>(fields.len())).expect("good rows");
        rows.into_iter().map(|(line, _)| line).collect()
    }

    #[test]
    fn rows_keep_their_line_whatever_the_line_ending() {
        assert_eq!(lines(b"code,name\n1,a\n2,b\n"), [2, 3]);
        assert_eq!(lines(b"code,name\r\n1,a\r\n2,b\r\n"), [2, 3]);
        // Found by fuzzing: a lone CR ends a row, and its rows were all reported as line 1.
        assert_eq!(lines(b"code,name\r1,a\r2,b\r"), [2, 3]);
    }

    #[test]
    fn a_row_with_a_control_character_is_refused_with_its_line() {
        let problems = parse_rows(b"code,name\n1,a\n2,b\x00\n", 10, |_| Ok::<_, Text>(())).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 3);
    }

    #[test]
    fn a_gbk_file_from_excel_is_read_and_an_unknown_encoding_refused() {
        let (gbk, _, _) = encoding_rs::GBK.encode("编号,名称\n1,专家\n");
        let rows = parse_rows(&gbk, 10, |fields| Ok::<_, Text>(fields[1].to_string())).expect("decoded");
        assert_eq!(rows, vec![(2, "专家".to_string())]);
        let problems = parse_rows(b"code,name\n1,\xff\xff\n", 10, |_| Ok::<_, Text>(())).unwrap_err();
        assert_eq!(problems[0].text, unknown_encoding());
    }
}
