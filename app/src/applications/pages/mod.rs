//! Application pages: 待办事项 (the windows with 去申请 / 前去续聘), the four-step wizard with its status
//! and review log, and the reviewers' queue and decision page.
pub mod education;
mod review;
mod steps;
mod summary;
mod wizard;

pub use review::{ReviewPage, ReviewQueuePage};
pub use steps::StepAlert;
pub use wizard::{ApplicationPage, ApplicationsPage};

/// The status of an application as the applicant reads it.
pub fn status_text(status: &str, stage: i64) -> crate::error::Text {
    use crate::error::Text;
    let stage_name = crate::applications::types::stage_name(stage);
    match status {
        "draft" => Text::new("草稿（未提交）", "Draft (not submitted)"),
        "submitted" => Text::new(format!("审核中：{}", stage_name.zh), format!("Under review: {}", stage_name.en)),
        "returned" => {
            Text::new(format!("退回修改（{}）", stage_name.zh), format!("Returned for changes ({})", stage_name.en))
        }
        "approved" => Text::new("审核已完成，等待考试", "Approved: waiting for the exam"),
        "admitted" => Text::new("已入库", "Admitted to the expert pool"),
        "not_admitted" => Text::new("未入库（考试未通过）", "Not admitted (the exam was not passed)"),
        other => Text::new(other, other),
    }
}
