//! Question banks as plain text: Aiken (single choice) and GIFT (Moodle's format: choice,
//! true/false, short answer, numeric, essay), read with an error per bad question that never
//! blocks the good ones, and GIFT written back out.

pub mod aiken;
pub mod gift;

use latih_kernel::Msg;

use crate::model::QuestionType;

/// A question read from a file, before it is validated and stored.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedQuestion {
    /// The line the question starts on.
    pub line: u64,
    pub question_type: QuestionType,
    pub prompt: String,
    /// (text, correct)
    pub options: Vec<(String, bool)>,
    pub accepted_answers: Vec<String>,
    /// (value, tolerance)
    pub numeric: Option<(f64, f64)>,
    pub explanation: Option<String>,
}

/// A question that could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    pub line: u64,
    pub message: Msg,
}

/// Blocks of non-blank lines with the number of their first line (1-based). Lines starting
/// with `//` are comments.
pub fn blocks(text: &str, comments: bool) -> Vec<(u64, Vec<&str>)> {
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut start = 0u64;
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if comments && line.trim_start().starts_with("//") {
            continue;
        }
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push((start, std::mem::take(&mut current)));
            }
            continue;
        }
        if current.is_empty() {
            start = index as u64 + 1;
        }
        current.push(line);
    }
    if !current.is_empty() {
        blocks.push((start, current));
    }
    blocks
}
