//! Exam rules against the database; one module per stage of an exam's life.
pub mod answer_writer;
pub mod attempts;
pub mod bank;
pub mod certificates;
pub mod confirm;
pub mod demo;
pub mod exams;
pub mod grade;
pub mod notices;
pub mod office;
pub mod paper_shapes;
pub mod proctoring;
pub mod results;
pub mod review;
pub mod snapshot_checks;
pub mod switches;
