//! The question pool of a quiz: validated questions, Aiken and GIFT import, GIFT export.

use latih_kernel::ids::new_id;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Lang, Msg, Page, PageQuery};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::dto::{CreateQuestion, ImportError, OptionDto, QuestionDto, QuestionImportReport};
use crate::entity::question;
use crate::import::{ParsedQuestion, aiken, gift};
use crate::model::{QuestionType, StoredOption};
use crate::service::quizzes::quiz_access;

/// A question that passed validation, ready to store.
pub struct ValidQuestion {
    pub question_type: QuestionType,
    pub prompt: String,
    pub options: Vec<StoredOption>,
    pub accepted_answers: Vec<String>,
    pub numeric_value: Option<f64>,
    pub tolerance: Option<f64>,
    pub points: f64,
    pub explanation: Option<String>,
}

/// Checks a question as its type requires; every problem is named.
pub fn validate(input: CreateQuestion) -> Result<ValidQuestion, FieldErrors> {
    let mut errors = FieldErrors::new();
    let prompt = input.prompt.trim().to_owned();
    if prompt.is_empty() || prompt.chars().count() > 10_000 {
        errors.add(
            "prompt",
            "invalid_prompt",
            Msg::new("Pertanyaan 1 sampai 10.000 karakter.", "A prompt has 1 to 10,000 characters."),
        );
    }
    let points = input.points.unwrap_or(1.0);
    if !(points > 0.0 && points <= 1000.0) {
        errors.add(
            "points",
            "out_of_range",
            Msg::new("Poin lebih dari 0 sampai 1000.", "points is above 0, at most 1000."),
        );
    }
    let mut options: Vec<StoredOption> = input
        .options
        .iter()
        .map(|o| StoredOption { id: new_id(), text: o.text.trim().to_owned(), correct: o.correct })
        .collect();
    if input.question_type == QuestionType::TrueFalse && options.is_empty() {
        match input.correct_answer {
            Some(truth) => {
                options = vec![
                    StoredOption { id: new_id(), text: "Benar".to_owned(), correct: truth },
                    StoredOption { id: new_id(), text: "Salah".to_owned(), correct: !truth },
                ];
            }
            None => errors.add(
                "correct_answer",
                "required",
                Msg::new("Nyatakan benar atau salah.", "Say whether the statement is true."),
            ),
        }
    }
    let correct = options.iter().filter(|o| o.correct).count();
    if input.question_type.has_options() {
        if options.len() < 2 || options.len() > 20 {
            errors.add(
                "options",
                "option_count",
                Msg::new("Soal pilihan perlu 2 sampai 20 pilihan.", "A choice question has 2 to 20 options."),
            );
        }
        if options.iter().any(|o| o.text.is_empty() || o.text.chars().count() > 2000) {
            errors.add(
                "options",
                "invalid_option",
                Msg::new("Teks pilihan 1 sampai 2000 karakter.", "An option has 1 to 2000 characters."),
            );
        }
        let one_right = matches!(input.question_type, QuestionType::SingleChoice | QuestionType::TrueFalse);
        if one_right && correct != 1 {
            errors.add(
                "options",
                "one_correct",
                Msg::new("Tepat satu pilihan harus benar.", "Exactly one option must be correct."),
            );
        }
        if input.question_type == QuestionType::TrueFalse && options.len() != 2 {
            errors.add(
                "options",
                "option_count",
                Msg::new("Soal benar/salah punya dua pilihan.", "A true/false question has two options."),
            );
        }
        if input.question_type == QuestionType::MultipleChoice && correct == 0 {
            errors.add(
                "options",
                "no_correct",
                Msg::new("Paling sedikit satu pilihan harus benar.", "At least one option must be correct."),
            );
        }
    } else if !options.is_empty() {
        errors.add(
            "options",
            "not_allowed",
            Msg::new("Soal jenis ini tidak memakai pilihan.", "This type of question has no options."),
        );
    }
    let accepted: Vec<String> =
        input.accepted_answers.iter().map(|a| a.trim().to_owned()).filter(|a| !a.is_empty()).collect();
    if input.question_type == QuestionType::ShortAnswer && accepted.is_empty() {
        errors.add(
            "accepted_answers",
            "required",
            Msg::new("Sebutkan paling sedikit satu jawaban yang diterima.", "Give at least one accepted answer."),
        );
    }
    let (numeric_value, tolerance) = if input.question_type == QuestionType::Numeric {
        let tolerance = input.tolerance.unwrap_or(0.0);
        if !input.numeric_value.is_some_and(f64::is_finite) {
            errors.add(
                "numeric_value",
                "required",
                Msg::new("Jawaban angka wajib diisi.", "numeric_value is required."),
            );
        }
        if !(tolerance >= 0.0 && tolerance.is_finite()) {
            errors.add(
                "tolerance",
                "negative",
                Msg::new("Toleransi tidak boleh negatif.", "tolerance cannot be below zero."),
            );
        }
        (input.numeric_value, Some(tolerance))
    } else {
        (None, None)
    };
    let explanation = input.explanation.map(|e| e.trim().to_owned()).filter(|e| !e.is_empty());
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidQuestion {
        question_type: input.question_type,
        prompt,
        options,
        accepted_answers: if input.question_type == QuestionType::ShortAnswer { accepted } else { Vec::new() },
        numeric_value,
        tolerance,
        points: crate::grading::round(points),
        explanation,
    })
}

pub fn stored_options(model: &question::Model) -> Vec<StoredOption> {
    serde_json::from_value(model.options.clone()).unwrap_or_default()
}

pub fn accepted_answers(model: &question::Model) -> Vec<String> {
    serde_json::from_value(model.accepted_answers.clone()).unwrap_or_default()
}

pub fn to_dto(model: question::Model) -> QuestionDto {
    let options =
        stored_options(&model).into_iter().map(|o| OptionDto { id: o.id, text: o.text, correct: o.correct }).collect();
    QuestionDto {
        accepted_answers: accepted_answers(&model),
        id: model.id,
        quiz_id: model.quiz_id,
        question_type: model.question_type,
        prompt: model.prompt,
        options,
        numeric_value: model.numeric_value,
        tolerance: model.tolerance,
        points: model.points,
        explanation: model.explanation,
        position: model.position,
    }
}

async fn next_position(db: &impl ConnectionTrait, quiz_id: Uuid) -> ApiResult<i32> {
    let last = question::Entity::find()
        .filter(question::Column::QuizId.eq(quiz_id))
        .order_by_desc(question::Column::Position)
        .limit(1)
        .one(db)
        .await?;
    Ok(last.map_or(0, |q| q.position + 1))
}

async fn store(
    db: &impl ConnectionTrait,
    quiz_id: Uuid,
    valid: ValidQuestion,
    position: i32,
    clock: &Clock,
) -> ApiResult<question::Model> {
    Ok(question::ActiveModel {
        id: Set(new_id()),
        quiz_id: Set(quiz_id),
        question_type: Set(valid.question_type),
        prompt: Set(valid.prompt),
        options: Set(serde_json::to_value(valid.options).map_err(ApiError::internal)?),
        accepted_answers: Set(serde_json::to_value(valid.accepted_answers).map_err(ApiError::internal)?),
        numeric_value: Set(valid.numeric_value),
        tolerance: Set(valid.tolerance),
        points: Set(valid.points),
        explanation: Set(valid.explanation),
        position: Set(position),
        created_at: Set(clock.now()),
    }
    .insert(db)
    .await?)
}

pub async fn create(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    quiz_id: Uuid,
    input: CreateQuestion,
) -> ApiResult<QuestionDto> {
    let (quiz, access) = quiz_access(db, actor, quiz_id).await?;
    access.require_staff()?;
    let valid = validate(input).map_err(ApiError::Validation)?;
    let txn = db.begin().await?;
    let position = next_position(&txn, quiz.id).await?;
    let saved = store(&txn, quiz.id, valid, position, clock).await?;
    txn.commit().await?;
    Ok(to_dto(saved))
}

/// The pool with its answer keys, for staff.
pub async fn list(
    db: &DatabaseConnection,
    actor: &AuthUser,
    quiz_id: Uuid,
    page: &PageQuery,
) -> ApiResult<Page<QuestionDto>> {
    let (quiz, access) = quiz_access(db, actor, quiz_id).await?;
    access.require_staff()?;
    let limit = page.limit()?;
    let mut query = question::Entity::find().filter(question::Column::QuizId.eq(quiz.id));
    if let Some((position, id)) = page.after::<(i32, Uuid)>()? {
        query = query.filter(sea_orm::Condition::any().add(question::Column::Position.gt(position)).add(
            sea_orm::Condition::all().add(question::Column::Position.eq(position)).add(question::Column::Id.gt(id)),
        ));
    }
    let rows = query
        .order_by_asc(question::Column::Position)
        .order_by_asc(question::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    Ok(Page::from_rows(rows, limit, |q| (q.position, q.id), to_dto))
}

/// Removes a question nobody has answered yet; answered ones stay for the record (409).
pub async fn delete(db: &DatabaseConnection, actor: &AuthUser, question_id: Uuid) -> ApiResult<()> {
    let found = question::Entity::find_by_id(question_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let (_, access) = quiz_access(db, actor, found.quiz_id).await?;
    access.require_staff()?;
    let answered = crate::entity::answer::Entity::find()
        .filter(crate::entity::answer::Column::QuestionId.eq(found.id))
        .one(db)
        .await?
        .is_some();
    let drawn = crate::entity::attempt::Entity::find()
        .filter(crate::entity::attempt::Column::QuizId.eq(found.quiz_id))
        .all(db)
        .await?
        .iter()
        .any(|a| crate::service::grading::question_ids(a).contains(&found.id));
    if answered || drawn {
        return Err(ApiError::conflict(
            "question_answered",
            Msg::new(
                "Soal ini sudah dijawab peserta dan disimpan untuk catatan.",
                "Learners answered this question; it stays for the record.",
            ),
        ));
    }
    question::Entity::delete_by_id(found.id).exec(db).await?;
    Ok(())
}

fn from_parsed(parsed: ParsedQuestion) -> CreateQuestion {
    CreateQuestion {
        question_type: parsed.question_type,
        prompt: parsed.prompt,
        options: parsed.options.into_iter().map(|(text, correct)| crate::dto::OptionInput { text, correct }).collect(),
        accepted_answers: parsed.accepted_answers,
        numeric_value: parsed.numeric.map(|(value, _)| value),
        tolerance: parsed.numeric.map(|(_, tolerance)| tolerance),
        correct_answer: None,
        points: None,
        explanation: parsed.explanation,
    }
}

/// Imports a bank in `format`; every good question is stored (in one transaction), every bad
/// one reported with its line.
pub async fn import(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    quiz_id: Uuid,
    format: &str,
    text: &str,
    lang: Lang,
) -> ApiResult<QuestionImportReport> {
    let (quiz, access) = quiz_access(db, actor, quiz_id).await?;
    access.require_staff()?;
    let (parsed, parse_errors) = match format {
        "aiken" => aiken::parse(text),
        "gift" => gift::parse(text),
        _ => {
            return Err(ApiError::bad_request(Msg::new(
                "format harus aiken atau gift.",
                "format must be aiken or gift.",
            )));
        }
    };
    let mut errors: Vec<ImportError> = parse_errors
        .into_iter()
        .map(|e| ImportError { line: e.line, message: e.message.pick(lang).to_owned() })
        .collect();
    let txn = db.begin().await?;
    let mut position = next_position(&txn, quiz.id).await?;
    let mut imported = 0;
    for question in parsed {
        let line = question.line;
        match validate(from_parsed(question)) {
            Ok(valid) => {
                store(&txn, quiz.id, valid, position, clock).await?;
                position += 1;
                imported += 1;
            }
            Err(problems) => errors.push(ImportError {
                line,
                message: problems.0.iter().map(|e| e.message.pick(lang).to_owned()).collect::<Vec<_>>().join(" "),
            }),
        }
    }
    txn.commit().await?;
    errors.sort_by_key(|e| e.line);
    Ok(QuestionImportReport { imported, errors })
}

/// The pool as GIFT.
pub async fn export(db: &DatabaseConnection, actor: &AuthUser, quiz_id: Uuid) -> ApiResult<String> {
    let (quiz, access) = quiz_access(db, actor, quiz_id).await?;
    access.require_staff()?;
    let rows = question::Entity::find()
        .filter(question::Column::QuizId.eq(quiz.id))
        .order_by_asc(question::Column::Position)
        .all(db)
        .await?;
    let options: Vec<Vec<StoredOption>> = rows.iter().map(stored_options).collect();
    let accepted: Vec<Vec<String>> = rows.iter().map(accepted_answers).collect();
    let exported: Vec<gift::ExportQuestion<'_>> = rows
        .iter()
        .enumerate()
        .map(|(i, q)| gift::ExportQuestion {
            question_type: q.question_type,
            prompt: &q.prompt,
            options: options[i].iter().map(|o| (o.text.as_str(), o.correct)).collect(),
            accepted_answers: accepted[i].iter().map(String::as_str).collect(),
            numeric: q.numeric_value.map(|v| (v, q.tolerance.unwrap_or(0.0))),
            explanation: q.explanation.as_deref(),
        })
        .collect();
    Ok(gift::export(&exported))
}
