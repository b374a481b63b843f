//! GIFT, Moodle's text format: `::title:: prompt {answers}` with `=` right and `~` wrong
//! options, `%50%` weights, `{T}`/`{F}`, `{#value:tolerance}`, `{}` for essays, `#` feedback and
//! `####` general feedback; `\` escapes `~ = # { } :`.

use latih_kernel::Msg;

use super::{ParseError, ParsedQuestion, blocks};
use crate::model::QuestionType;

/// Index of the first unescaped `needle` at or after `from`.
fn find_unescaped(text: &[char], needle: char, from: usize) -> Option<usize> {
    let mut escaped = false;
    for (index, c) in text.iter().enumerate().skip(from) {
        if escaped {
            escaped = false;
        } else if *c == '\\' {
            escaped = true;
        } else if *c == needle {
            return Some(index);
        }
    }
    None
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(next) => out.push(next),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_owned()
}

/// Splits `text` at unescaped occurrences of `separator` (a string).
fn split_unescaped<'a>(text: &'a str, separator: &str) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if escaped {
            escaped = false;
        } else if bytes[index] == b'\\' {
            escaped = true;
        } else if bytes[index..].starts_with(separator.as_bytes()) {
            parts.push(&text[start..index]);
            index += separator.len();
            start = index;
            continue;
        }
        index += 1;
    }
    parts.push(&text[start..]);
    parts
}

/// One `=` or `~` answer: right or wrong, its weight, its text.
struct Choice {
    right: bool,
    weight: Option<f64>,
    text: String,
}

fn choices(body: &str) -> Vec<Choice> {
    let mut tokens: Vec<(char, String)> = Vec::new();
    let mut escaped = false;
    for c in body.chars() {
        if escaped {
            if let Some((_, text)) = tokens.last_mut() {
                text.push('\\');
                text.push(c);
            }
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '=' || c == '~' {
            tokens.push((c, String::new()));
        } else if let Some((_, text)) = tokens.last_mut() {
            text.push(c);
        }
    }
    tokens
        .into_iter()
        .map(|(marker, raw)| {
            let without_feedback = split_unescaped(&raw, "#").first().copied().unwrap_or("").to_owned();
            let mut text = without_feedback.trim().to_owned();
            let mut weight = None;
            if let Some((number, after)) = text.strip_prefix('%').and_then(|rest| rest.split_once('%')) {
                weight = number.trim().parse::<f64>().ok();
                text = after.trim().to_owned();
            }
            Choice { right: marker == '=', weight, text: unescape(&text) }
        })
        .collect()
}

fn numeric(body: &str) -> Option<(f64, f64)> {
    let first = split_unescaped(body, "=").into_iter().map(str::trim).find(|p| !p.is_empty())?;
    let first = split_unescaped(first, "#").first().copied().unwrap_or("").trim().to_owned();
    if let Some((low, high)) = first.split_once("..") {
        let (low, high) = (low.trim().parse::<f64>().ok()?, high.trim().parse::<f64>().ok()?);
        return (low <= high).then_some(((low + high) / 2.0, (high - low) / 2.0));
    }
    match first.split_once(':') {
        Some((value, tolerance)) => Some((value.trim().parse().ok()?, tolerance.trim().parse().ok()?)),
        None => Some((first.parse().ok()?, 0.0)),
    }
}

fn error(line: u64, id: &str, en: &str) -> ParseError {
    ParseError { line, message: Msg::new(id.to_owned(), en.to_owned()) }
}

fn parse_block(line: u64, block: &str) -> Result<ParsedQuestion, ParseError> {
    let chars: Vec<char> = block.chars().collect();
    let mut rest_start = 0;
    if block.starts_with("::") {
        let close = (2..chars.len().saturating_sub(1))
            .find(|&i| chars[i] == ':' && chars[i + 1] == ':' && chars[i - 1] != '\\')
            .ok_or_else(|| error(line, "Judul :: tidak ditutup.", "The :: title is not closed."))?;
        rest_start = close + 2;
    }
    let open = find_unescaped(&chars, '{', rest_start)
        .ok_or_else(|| error(line, "Blok jawaban { } tidak ada.", "The { } answer block is missing."))?;
    let close = find_unescaped(&chars, '}', open)
        .ok_or_else(|| error(line, "Blok jawaban tidak ditutup dengan }.", "The answer block is not closed with }."))?;
    let before: String = chars[rest_start..open].iter().collect();
    let after: String = chars[close + 1..].iter().collect();
    let mut prompt = unescape(
        before.trim().trim_start_matches("[html]").trim_start_matches("[markdown]").trim_start_matches("[plain]"),
    );
    if !after.trim().is_empty() {
        prompt = format!("{prompt} _____ {}", unescape(&after));
    }
    if prompt.is_empty() {
        return Err(error(line, "Pertanyaan tanpa teks.", "A question without text."));
    }
    let inside: String = chars[open + 1..close].iter().collect();
    let mut sections = split_unescaped(&inside, "####").into_iter();
    let body = sections.next().unwrap_or("").trim().to_owned();
    let explanation = sections.next().map(unescape).filter(|e| !e.is_empty());
    let question = |question_type, options, accepted_answers, numeric| ParsedQuestion {
        line,
        question_type,
        prompt: prompt.clone(),
        options,
        accepted_answers,
        numeric,
        explanation: explanation.clone(),
    };
    if body.is_empty() {
        return Ok(question(QuestionType::Essay, Vec::new(), Vec::new(), None));
    }
    if let Some(number) = body.strip_prefix('#') {
        let value = numeric(number).ok_or_else(|| {
            error(
                line,
                "Jawaban angka tidak terbaca (contoh {#20:0.5}).",
                "The numeric answer cannot be read (e.g. {#20:0.5}).",
            )
        })?;
        return Ok(question(QuestionType::Numeric, Vec::new(), Vec::new(), Some(value)));
    }
    let word = split_unescaped(&body, "#").first().copied().unwrap_or("").trim().to_ascii_uppercase();
    if matches!(word.as_str(), "T" | "TRUE" | "F" | "FALSE") {
        let truth = word.starts_with('T');
        let options = vec![("Benar".to_owned(), truth), ("Salah".to_owned(), !truth)];
        return Ok(question(QuestionType::TrueFalse, options, Vec::new(), None));
    }
    let choices = choices(&body);
    if choices.is_empty() || choices.iter().any(|c| c.text.is_empty()) {
        return Err(error(
            line,
            "Pilihan jawaban kosong atau tanpa = / ~.",
            "An empty answer, or answers without = or ~.",
        ));
    }
    let wrong = choices.iter().filter(|c| !c.right).count();
    if wrong == 0 {
        let accepted = choices.into_iter().map(|c| c.text).collect();
        return Ok(question(QuestionType::ShortAnswer, Vec::new(), accepted, None));
    }
    let correct = |c: &Choice| c.right || c.weight.is_some_and(|w| w > 0.0);
    let right_count = choices.iter().filter(|c| correct(c)).count();
    if right_count == 0 {
        return Err(error(line, "Tidak ada jawaban benar.", "No answer is marked right."));
    }
    let weighted = choices.iter().any(|c| c.weight.is_some());
    let question_type =
        if right_count > 1 || weighted { QuestionType::MultipleChoice } else { QuestionType::SingleChoice };
    let options = choices.iter().map(|c| (c.text.clone(), correct(c))).collect();
    Ok(question(question_type, options, Vec::new(), None))
}

/// Reads a GIFT file into questions and per-question errors.
pub fn parse(text: &str) -> (Vec<ParsedQuestion>, Vec<ParseError>) {
    let mut questions = Vec::new();
    let mut errors = Vec::new();
    for (line, lines) in blocks(text, true) {
        let block = lines.join("\n");
        if block.trim_start().starts_with("$CATEGORY") {
            continue;
        }
        match parse_block(line, &block) {
            Ok(question) => questions.push(question),
            Err(error) => errors.push(error),
        }
    }
    (questions, errors)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '~' | '=' | '#' | '{' | '}' | ':' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out
}

/// A question as the exporter sees it.
pub struct ExportQuestion<'a> {
    pub question_type: QuestionType,
    pub prompt: &'a str,
    pub options: Vec<(&'a str, bool)>,
    pub accepted_answers: Vec<&'a str>,
    pub numeric: Option<(f64, f64)>,
    pub explanation: Option<&'a str>,
}

/// Writes questions as GIFT, one block each, titled `Q1`, `Q2`, ...
pub fn export(questions: &[ExportQuestion<'_>]) -> String {
    let mut out = String::new();
    for (index, q) in questions.iter().enumerate() {
        let answers = match q.question_type {
            QuestionType::SingleChoice => q
                .options
                .iter()
                .map(|(text, right)| format!("{}{}", if *right { "=" } else { "~" }, escape(text)))
                .collect::<Vec<_>>()
                .join(" "),
            QuestionType::MultipleChoice => {
                let right = q.options.iter().filter(|(_, r)| *r).count().max(1) as f64;
                let share = (100.0 / right * 100_000.0).round() / 100_000.0;
                q.options
                    .iter()
                    .map(|(text, r)| format!("~%{}%{}", if *r { share } else { -100.0 }, escape(text)))
                    .collect::<Vec<_>>()
                    .join(" ")
            }
            QuestionType::TrueFalse => {
                let truth = q.options.iter().find(|(text, _)| *text == "Benar").is_some_and(|(_, r)| *r)
                    || q.options.first().is_some_and(|(_, r)| *r);
                (if truth { "T" } else { "F" }).to_owned()
            }
            QuestionType::ShortAnswer => {
                q.accepted_answers.iter().map(|a| format!("={}", escape(a))).collect::<Vec<_>>().join(" ")
            }
            QuestionType::Numeric => {
                let (value, tolerance) = q.numeric.unwrap_or((0.0, 0.0));
                format!("#{value}:{tolerance}")
            }
            QuestionType::Essay => String::new(),
        };
        let feedback = q.explanation.map(|e| format!(" ####{}", escape(e))).unwrap_or_default();
        out.push_str(&format!("::Q{}:: {} {{{answers}{feedback}}}\n\n", index + 1, escape(q.prompt)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{ExportQuestion, export, parse};
    use crate::model::QuestionType;

    const SAMPLE: &str = "// Bank soal Latsar\n\
        ::Q1:: Asas pelayanan publik {=kepastian hukum ~kerahasiaan #bukan ~kepentingan pribadi ####Lihat UU 25/2009}\n\n\
        Pilih nilai dasar ASN {~%50%Berorientasi pelayanan ~%50%Akuntabel ~%-100%Otoriter}\n\n\
        ASN boleh menjadi anggota partai politik. {F}\n\n\
        Singkatan dari Aparatur Sipil Negara adalah {=ASN =A.S.N.}\n\n\
        Jumlah JP minimal setahun? {#20:0}\n\n\
        Jelaskan makna BerAKHLAK. {}\n\n\
        Pertanyaan tanpa blok jawaban\n\n\
        ::Rusak:: {~satu ~dua}\n\n\
        Rentang {#18..22}\n";

    #[test]
    fn every_supported_type_is_read_and_bad_blocks_are_reported() {
        let (questions, errors) = parse(SAMPLE);
        let types: Vec<QuestionType> = questions.iter().map(|q| q.question_type).collect();
        assert_eq!(
            types,
            vec![
                QuestionType::SingleChoice,
                QuestionType::MultipleChoice,
                QuestionType::TrueFalse,
                QuestionType::ShortAnswer,
                QuestionType::Numeric,
                QuestionType::Essay,
                QuestionType::Numeric,
            ]
        );
        assert_eq!(questions[0].prompt, "Asas pelayanan publik");
        assert_eq!(questions[0].options[0], ("kepastian hukum".to_owned(), true));
        assert_eq!(questions[0].options[1], ("kerahasiaan".to_owned(), false));
        assert_eq!(questions[0].explanation.as_deref(), Some("Lihat UU 25/2009"));
        assert_eq!(questions[1].options.iter().filter(|o| o.1).count(), 2);
        assert_eq!(questions[2].options, vec![("Benar".to_owned(), false), ("Salah".to_owned(), true)]);
        assert_eq!(questions[3].accepted_answers, vec!["ASN".to_owned(), "A.S.N.".to_owned()]);
        assert_eq!(questions[4].numeric, Some((20.0, 0.0)));
        assert_eq!(questions[6].numeric, Some((20.0, 2.0)));
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), vec![14, 16]);
    }

    #[test]
    fn an_export_reads_back_the_same() {
        let (questions, _) = parse(SAMPLE);
        let exported = export(
            &questions
                .iter()
                .map(|q| ExportQuestion {
                    question_type: q.question_type,
                    prompt: &q.prompt,
                    options: q.options.iter().map(|(t, r)| (t.as_str(), *r)).collect(),
                    accepted_answers: q.accepted_answers.iter().map(String::as_str).collect(),
                    numeric: q.numeric,
                    explanation: q.explanation.as_deref(),
                })
                .collect::<Vec<_>>(),
        );
        let (again, errors) = parse(&exported);
        assert!(errors.is_empty(), "{exported}");
        let strip = |q: &super::ParsedQuestion| {
            (
                q.question_type,
                q.prompt.clone(),
                q.options.clone(),
                q.accepted_answers.clone(),
                q.numeric,
                q.explanation.clone(),
            )
        };
        assert_eq!(again.iter().map(strip).collect::<Vec<_>>(), questions.iter().map(strip).collect::<Vec<_>>());
    }
}
