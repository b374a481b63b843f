//! Aiken: a question line, options `A.` or `A)`, then `ANSWER: X`; blank lines between.

use latih_kernel::Msg;

use super::{ParseError, ParsedQuestion, blocks};
use crate::model::QuestionType;

fn option_of(line: &str) -> Option<(char, &str)> {
    let mut chars = line.chars();
    let letter = chars.next()?;
    let separator = chars.next()?;
    if letter.is_ascii_uppercase() && (separator == '.' || separator == ')') {
        Some((letter, line[2..].trim()))
    } else {
        None
    }
}

/// Reads an Aiken file into questions and per-question errors.
pub fn parse(text: &str) -> (Vec<ParsedQuestion>, Vec<ParseError>) {
    let mut questions = Vec::new();
    let mut errors = Vec::new();
    for (line, lines) in blocks(text, false) {
        let error = |id: String, en: String| ParseError { line, message: Msg::new(id, en) };
        let mut prompt_lines = Vec::new();
        let mut options: Vec<(char, String)> = Vec::new();
        let mut answer = None;
        for current in &lines {
            let trimmed = current.trim();
            if let Some(rest) = trimmed.strip_prefix("ANSWER:") {
                answer = rest.trim().chars().next();
            } else if let Some((letter, text)) = option_of(trimmed).filter(|_| answer.is_none()) {
                options.push((letter, text.to_owned()));
            } else if options.is_empty() {
                prompt_lines.push(trimmed);
            } else {
                if let Some((_, text)) = options.last_mut() {
                    text.push(' ');
                    text.push_str(trimmed);
                }
            }
        }
        let prompt = prompt_lines.join(" ");
        if prompt.is_empty() {
            errors.push(error("Pertanyaan tanpa teks.".into(), "A question without text.".into()));
            continue;
        }
        if options.len() < 2 {
            errors.push(error(
                "Pertanyaan Aiken perlu paling sedikit dua pilihan.".into(),
                "An Aiken question needs at least two options.".into(),
            ));
            continue;
        }
        let Some(answer) = answer else {
            errors.push(error("Baris ANSWER: tidak ada.".into(), "The ANSWER: line is missing.".into()));
            continue;
        };
        if !options.iter().any(|(letter, _)| *letter == answer) {
            errors.push(error(
                format!("Jawaban {answer} bukan salah satu pilihan."),
                format!("The answer {answer} is not one of the options."),
            ));
            continue;
        }
        questions.push(ParsedQuestion {
            line,
            question_type: QuestionType::SingleChoice,
            prompt,
            options: options.into_iter().map(|(letter, text)| (text, letter == answer)).collect(),
            accepted_answers: Vec::new(),
            numeric: None,
            explanation: None,
        });
    }
    (questions, errors)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn good_questions_are_read_and_bad_ones_reported_by_line() {
        let text = "Ibu kota Nusa Tenggara Timur adalah\nA. Kupang\nB) Ende\nC. Maumere\nANSWER: A\n\n\
                    Pertanyaan tanpa jawaban\nA. Ya\nB. Tidak\n\n\
                    Jawaban di luar pilihan\nA. Ya\nB. Tidak\nANSWER: D\n\n\
                    UU ASN terbaru adalah\nA. UU 5/2014\nB. UU 20/2023\nANSWER: B\n";
        let (questions, errors) = parse(text);
        assert_eq!(questions.len(), 2);
        assert_eq!(questions[0].prompt, "Ibu kota Nusa Tenggara Timur adalah");
        assert_eq!(
            questions[0].options,
            vec![("Kupang".into(), true), ("Ende".into(), false), ("Maumere".into(), false)]
        );
        assert_eq!(questions[1].line, 16);
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), vec![7, 11]);
    }
}
