//! Demo exam data for a new database: a question bank large enough for the default paper rule
//! (20 / 10 / 10), an open mock exam with its own practice pool, and a formal exam tomorrow for the demo
//! candidate.
use crate::error::AppError;
use crate::exams::ssr::bank::{check_row, insert, Pool};
use crate::exams::ssr::exams::MINUTE_MS;
use crate::platform::AppState;

/// Questions about the platform's own rules (SPEC), as CSV rows: type, stem, options, answer.
const RULE_QUESTIONS: &[[&str; 4]] = &[
    ["单选", "正式考试的候考环节在开考前多少分钟开启？", "15|30|45|60", "C"],
    ["单选", "开考多少分钟后无法进入考试？", "10|30|45|60", "B"],
    ["单选", "考试中切屏达到几次系统将自动收卷？", "1|2|3|5", "C"],
    ["单选", "考前身份核验最多可核验几次？", "3|5|10|不限", "C"],
    ["单选", "对考试结果有异议，可在多少小时内点击“我要投诉”？", "12|24|48|72", "C"],
    ["单选", "更换绑定手机号每年最多几次？", "1|2|3|不限", "A"],
    ["多选", "考前确认包括哪些环节？", "考试须知|设备检测|网络检测|身份核验", "ABCD"],
    ["多选", "以下哪些行为会被记为切屏？", "切换到其他标签页|退出全屏|在页面内点击选项|最小化浏览器", "ABD"],
    ["多选", "实名认证需要上传哪些材料？", "身份证人像面|身份证国徽面|人脸照片|学历证书", "ABC"],
    ["填空", "公民身份号码的校验规则出自国家标准 GB ____（填数字）。", "", "11643"],
    ["填空", "统一社会信用代码共有____位。", "", "18|十八"],
    ["填空", "考试计时以____的时间为准（填“服务器”或“电脑”）。", "", "服务器|服务器端"],
];

fn generated_rows() -> Vec<[String; 4]> {
    let mut rows = Vec::new();
    for n in 0..18u32 {
        let (a, b) = (12 + n * 7, 5 + n * 3);
        let right = a + b;
        let options = [right - 10, right, right + 1, right + 10].map(|v| v.to_string()).join("|");
        rows.push(["单选".into(), format!("{a} + {b} = ?"), options, "B".into()]);
    }
    for n in 0..8u32 {
        let base = 6 + n * 6;
        // Divisors of `base` among four candidates: 1, 2 and 3 always divide a multiple of 6, 5 only sometimes.
        let answer = if base % 5 == 0 { "ABCD" } else { "ABC" };
        rows.push(["多选".into(), format!("下列哪些数是 {base} 的因数？"), "1|2|3|5".into(), answer.into()]);
    }
    for n in 0..9u32 {
        let (a, b) = (20 + n * 4, 3 + n);
        rows.push(["填空".into(), format!("{a} - {b} = ____"), String::new(), (a - b).to_string()]);
    }
    rows
}

/// The practice pool of the demo mock exam: other questions than the formal exam's (multiplication).
fn practice_rows() -> Vec<[String; 4]> {
    let mut rows = Vec::new();
    for n in 0..8u32 {
        let (a, b) = (3 + n, 4 + n * 2);
        let right = a * b;
        let options = [right - 2, right + 2, right, right + 5].map(|v| v.to_string()).join("|");
        rows.push(["单选".into(), format!("{a} × {b} = ?"), options, "C".into()]);
    }
    for n in 0..4u32 {
        let base = 4 + n * 4;
        rows.push([
            "多选".into(),
            format!("下列哪些数是 {base} 的倍数？"),
            format!("{}|{}|{}|{}", base, base * 2, base + 1, base * 3),
            "ABD".into(),
        ]);
    }
    for n in 0..4u32 {
        let (a, b) = (6 + n, 7 + n);
        rows.push(["填空".into(), format!("{a} × {b} = ____"), String::new(), (a * b).to_string()]);
    }
    rows
}

pub async fn seed(state: &AppState) -> Result<(), AppError> {
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    let formal = RULE_QUESTIONS
        .iter()
        .map(|r| (Pool::Formal, r.map(String::from)))
        .chain(generated_rows().into_iter().map(|r| (Pool::Formal, r)));
    for (pool, row) in formal.chain(practice_rows().into_iter().map(|r| (Pool::Practice, r))) {
        let fields: Vec<&str> = row.iter().map(String::as_str).collect();
        let question = check_row(&fields).map_err(|t| AppError::internal(format!("demo question: {}", t.zh)))?;
        insert(&mut tx, &question, pool, now).await?;
    }
    tx.commit().await?;

    let admin =
        crate::accounts::ssr::users::by_username(&state.db, "demo_examiner").await?.ok_or(AppError::NotFound)?;
    let mut mock =
        crate::exams::types::ExamSettings::formal_defaults("模拟练习（不限次数）", now - 24 * 60 * MINUTE_MS);
    mock.kind = "mock".into();
    (mock.single_count, mock.multiple_count, mock.fill_count, mock.duration_min, mock.pass_mark) = (5, 3, 2, 20, 18);
    crate::exams::ssr::exams::create(state, &admin, &mock).await?;
    // Tomorrow 09:00 in China (UTC+8).
    let day_ms = 24 * 60 * MINUTE_MS;
    let china_midnight = (now + 8 * 60 * MINUTE_MS) / day_ms * day_ms - 8 * 60 * MINUTE_MS;
    let mut formal = crate::exams::types::ExamSettings::formal_defaults(
        "专家资格考试（演示）",
        china_midnight + day_ms + 9 * 60 * MINUTE_MS,
    );
    formal.candidates = vec!["demo_candidate".into()];
    crate::exams::ssr::exams::create(state, &admin, &formal).await?;
    Ok(())
}
