//! Ticket field rules, shared by the form and the server.
use crate::rules::RuleError;
use crate::tickets::types::CATEGORIES;

pub const MAX_FILES_PER_MESSAGE: usize = 5;

#[derive(Clone, Debug, PartialEq)]
pub enum TicketRuleError {
    Category,
    Subject,
    Body,
    TooManyFiles,
}

impl RuleError for TicketRuleError {
    fn zh(&self) -> String {
        match self {
            Self::Category => "请选择问题类别".into(),
            Self::Subject => "请填写标题（2–100字）".into(),
            Self::Body => "请填写问题描述（2000字以内）".into(),
            Self::TooManyFiles => format!("每次最多上传{MAX_FILES_PER_MESSAGE}个附件"),
        }
    }
    fn en(&self) -> String {
        match self {
            Self::Category => "Choose a category".into(),
            Self::Subject => "Enter a subject (2–100 characters)".into(),
            Self::Body => "Describe the problem (at most 2000 characters)".into(),
            Self::TooManyFiles => format!("At most {MAX_FILES_PER_MESSAGE} attachments per message"),
        }
    }
}

pub fn check_category(category: &str) -> Result<String, TicketRuleError> {
    CATEGORIES.iter().find(|(c, ..)| *c == category).map(|(c, ..)| c.to_string()).ok_or(TicketRuleError::Category)
}

pub fn check_subject(subject: &str) -> Result<String, TicketRuleError> {
    let subject = subject.trim();
    match subject.chars().count() {
        2..=100 => Ok(subject.to_string()),
        _ => Err(TicketRuleError::Subject),
    }
}

pub fn check_body(body: &str) -> Result<String, TicketRuleError> {
    let body = body.trim();
    match body.chars().count() {
        1..=2000 => Ok(body.to_string()),
        _ => Err(TicketRuleError::Body),
    }
}

pub fn check_file_count(count: usize) -> Result<(), TicketRuleError> {
    if count > MAX_FILES_PER_MESSAGE {
        Err(TicketRuleError::TooManyFiles)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_come_from_the_list() {
        assert_eq!(check_category("exam").as_deref(), Ok("exam"));
        assert_eq!(check_category("Exam"), Err(TicketRuleError::Category));
        assert_eq!(check_category(""), Err(TicketRuleError::Category));
    }

    #[test]
    fn subjects_and_bodies_are_trimmed_and_bounded() {
        assert_eq!(check_subject("  无法登录 ").as_deref(), Ok("无法登录"));
        assert_eq!(check_subject("无"), Err(TicketRuleError::Subject));
        assert_eq!(check_subject(&"字".repeat(101)), Err(TicketRuleError::Subject));
        assert!(check_body(&"字".repeat(2000)).is_ok());
        assert_eq!(check_body(&"字".repeat(2001)), Err(TicketRuleError::Body));
        assert_eq!(check_body("   "), Err(TicketRuleError::Body));
        assert!(check_file_count(5).is_ok());
        assert_eq!(check_file_count(6), Err(TicketRuleError::TooManyFiles));
    }
}
