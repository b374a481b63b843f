//! Course evaluation surveys (Kirkpatrick level 1): course staff write the form, each enrolled
//! learner answers once, and staff read per-item means, distributions and unsigned comments
//! once at least `MINIMUM_RESPONDENTS` answered. A required survey holds back completion
//! through progress's `CompletionRequirement`.

use std::collections::{HashMap, HashSet};

use latih_courses::access::{Relation, course_access};
use latih_identity::model::required_text;
use latih_kernel::ids::new_id;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg};
use latih_progress::CompletionRequirements;
use latih_progress::service::completion;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::dto::{
    Answer, EvaluationForm, EvaluationItem, EvaluationReceipt, EvaluationResponse, EvaluationSummary, ItemSummary,
};
use crate::entity::{course_evaluation, evaluation_response};
use crate::model::{ItemKind, MINIMUM_RESPONDENTS};

fn items_of(form: &course_evaluation::Model) -> ApiResult<Vec<EvaluationItem>> {
    serde_json::from_str(&form.items).map_err(ApiError::internal)
}

pub fn behaviour_items_of(form: &course_evaluation::Model) -> ApiResult<Vec<EvaluationItem>> {
    serde_json::from_str(&form.behaviour_items).map_err(ApiError::internal)
}

fn no_form() -> ApiError {
    ApiError::NotFound(Msg::new("Kursus ini belum punya survei evaluasi.", "This course has no evaluation survey."))
}

fn check_form(form: &EvaluationForm, errors: &mut FieldErrors) {
    if form.items.is_empty() {
        errors.add("items", "required", Msg::new("Paling sedikit satu butir.", "At least one item."));
    }
    check_item_list("items", &form.items, errors);
    check_item_list("behaviour_items", &form.behaviour_items, errors);
    if !(1..=730).contains(&form.follow_up_days) {
        errors.add("follow_up_days", "out_of_range", Msg::new("1 sampai 730 hari.", "1 to 730 days."));
    }
}

fn trimmed(items: Vec<EvaluationItem>) -> Vec<EvaluationItem> {
    items
        .into_iter()
        .map(|i| EvaluationItem { id: i.id.trim().to_owned(), kind: i.kind, text: i.text.trim().to_owned() })
        .collect()
}

fn check_item_list(field: &str, items: &[EvaluationItem], errors: &mut FieldErrors) {
    if items.len() > 30 {
        errors.add(field, "too_many", Msg::new("Paling banyak 30 butir.", "At most 30 items."));
    }
    let mut seen = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let id = item.id.trim();
        let at = format!("{field}[{i}].id");
        if let Err(e) = required_text(id, 40) {
            errors.add(at, e.code, e.message);
        } else if !seen.insert(id) {
            errors.add(
                at,
                "duplicate",
                Msg::new("id ini sudah dipakai di formulir.", "This id is already in the form."),
            );
        }
        errors.check(&format!("{field}[{i}].text"), required_text(&item.text, 500));
    }
}

/// Writes the form (course staff). Answers already given stay; they are read by item id.
pub async fn put_form(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    course_id: Uuid,
    form: EvaluationForm,
) -> ApiResult<EvaluationForm> {
    course_access(db, actor, course_id).await?.require_staff()?;
    let mut errors = FieldErrors::new();
    check_form(&form, &mut errors);
    errors.finish()?;
    let items = trimmed(form.items);
    let behaviour_items = trimmed(form.behaviour_items);
    let json = serde_json::to_string(&items).map_err(ApiError::internal)?;
    let behaviour_json = serde_json::to_string(&behaviour_items).map_err(ApiError::internal)?;
    // One statement, so two first saves at once both land instead of one meeting the other's key.
    course_evaluation::Entity::insert(course_evaluation::ActiveModel {
        course_id: Set(course_id),
        required: Set(form.required),
        items: Set(json),
        follow_up_days: Set(form.follow_up_days),
        behaviour_items: Set(behaviour_json),
        updated_at: Set(clock.now()),
    })
    .on_conflict(
        OnConflict::column(course_evaluation::Column::CourseId)
            .update_columns([
                course_evaluation::Column::Required,
                course_evaluation::Column::Items,
                course_evaluation::Column::FollowUpDays,
                course_evaluation::Column::BehaviourItems,
                course_evaluation::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(EvaluationForm { required: form.required, items, follow_up_days: form.follow_up_days, behaviour_items })
}

/// The form, for staff and enrolled learners.
pub async fn get_form(db: &DatabaseConnection, actor: &AuthUser, course_id: Uuid) -> ApiResult<EvaluationForm> {
    course_access(db, actor, course_id).await?.require_participant()?;
    let form = course_evaluation::Entity::find_by_id(course_id).one(db).await?.ok_or_else(no_form)?;
    Ok(EvaluationForm {
        required: form.required,
        items: items_of(&form)?,
        follow_up_days: form.follow_up_days,
        behaviour_items: behaviour_items_of(&form)?,
    })
}

pub fn check_answers(items: &[EvaluationItem], answers: &[Answer], errors: &mut FieldErrors) {
    let by_id: HashMap<&str, &EvaluationItem> = items.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut seen = HashSet::new();
    for (i, answer) in answers.iter().enumerate() {
        let field = format!("answers[{i}].value");
        match by_id.get(answer.item_id.as_str()) {
            None => errors.add(
                format!("answers[{i}].item_id"),
                "unknown_item",
                Msg::new("Butir tidak dikenal.", "Unknown item."),
            ),
            Some(_) if !seen.insert(answer.item_id.as_str()) => errors.add(
                format!("answers[{i}].item_id"),
                "duplicate",
                Msg::new("Butir dijawab dua kali.", "Item answered twice."),
            ),
            Some(item) => match item.kind {
                ItemKind::Likert if !answer.value.as_i64().is_some_and(|v| (1..=5).contains(&v)) => {
                    errors.add(field, "out_of_range", Msg::new("Nilai 1 sampai 5.", "A value from 1 to 5."))
                }
                ItemKind::Text if !answer.value.is_string() => {
                    errors.add(field, "not_text", Msg::new("Jawaban berupa teks.", "The answer is text."))
                }
                ItemKind::Text if answer.value.as_str().is_some_and(|v| v.chars().count() > 2000) => errors.add(
                    field,
                    "too_long",
                    Msg::new("Teks paling banyak 2000 karakter.", "Text of at most 2000 characters."),
                ),
                _ => {}
            },
        }
    }
    for item in items.iter().filter(|i| i.kind == ItemKind::Likert && !seen.contains(i.id.as_str())) {
        errors.add(
            "answers",
            "unanswered",
            Msg::new(format!("Butir {} wajib dijawab.", item.id), format!("Item {} needs an answer.", item.id)),
        );
    }
}

/// Saves an enrolled learner's one response, then re-checks completion (the survey may be what
/// it waited for).
pub async fn respond(
    db: &DatabaseConnection,
    clock: &Clock,
    requirements: &CompletionRequirements,
    actor: &AuthUser,
    course_id: Uuid,
    input: EvaluationResponse,
) -> ApiResult<EvaluationReceipt> {
    let access = course_access(db, actor, course_id).await?;
    let Relation::Enrolled(enrollment) = access.relation else {
        return Err(ApiError::Forbidden(Msg::new(
            "Survei diisi oleh peserta yang terdaftar.",
            "The survey is for enrolled learners.",
        )));
    };
    let form = course_evaluation::Entity::find_by_id(course_id).one(db).await?.ok_or_else(no_form)?;
    let mut errors = FieldErrors::new();
    check_answers(&items_of(&form)?, &input.answers, &mut errors);
    errors.finish()?;
    let answered = || {
        ApiError::conflict(
            "already_answered",
            Msg::new("Anda sudah mengisi survei ini.", "You already answered this survey."),
        )
    };
    let earlier = evaluation_response::Entity::find()
        .filter(evaluation_response::Column::CourseId.eq(course_id))
        .filter(evaluation_response::Column::UserId.eq(actor.id))
        .count(db)
        .await?;
    if earlier > 0 {
        return Err(answered());
    }
    let saved = evaluation_response::ActiveModel {
        id: Set(new_id()),
        course_id: Set(course_id),
        user_id: Set(actor.id),
        answers: Set(serde_json::to_string(&input.answers).map_err(ApiError::internal)?),
        created_at: Set(clock.now()),
    }
    .insert(db)
    .await
    .map_err(|e| match ApiError::from(e) {
        ApiError::Conflict { .. } => answered(),
        other => other,
    })?;
    completion::refresh(db, clock, requirements, enrollment).await?;
    Ok(EvaluationReceipt { course_id, created_at: saved.created_at })
}

/// Per-item figures over `responses`.
pub fn summarize(items: &[EvaluationItem], responses: &[Vec<Answer>]) -> Vec<ItemSummary> {
    items
        .iter()
        .map(|item| {
            let answers: Vec<&serde_json::Value> =
                responses.iter().flat_map(|r| r.iter().filter(|a| a.item_id == item.id).map(|a| &a.value)).collect();
            let mut summary = ItemSummary {
                id: item.id.clone(),
                kind: item.kind,
                text: item.text.clone(),
                answered: answers.len() as u64,
                mean: None,
                distribution: None,
                comments: None,
            };
            match item.kind {
                ItemKind::Likert => {
                    let mut distribution = [0u64; 5];
                    let values: Vec<i64> =
                        answers.iter().filter_map(|v| v.as_i64()).filter(|v| (1..=5).contains(v)).collect();
                    for v in &values {
                        if let Some(slot) = usize::try_from(v - 1).ok().and_then(|i| distribution.get_mut(i)) {
                            *slot += 1;
                        }
                    }
                    summary.answered = values.len() as u64;
                    summary.mean =
                        (!values.is_empty()).then(|| values.iter().sum::<i64>() as f64 / values.len() as f64);
                    summary.distribution = Some(distribution);
                }
                ItemKind::Text => {
                    let mut comments: Vec<String> = answers
                        .iter()
                        .filter_map(|v| v.as_str())
                        .map(str::trim)
                        .filter(|c| !c.is_empty())
                        .map(str::to_owned)
                        .collect();
                    comments.sort();
                    summary.answered = comments.len() as u64;
                    summary.comments = Some(comments);
                }
            }
            summary
        })
        .collect()
}

/// The summary (course staff, including the organization's admins).
pub async fn summary(db: &DatabaseConnection, actor: &AuthUser, course_id: Uuid) -> ApiResult<EvaluationSummary> {
    course_access(db, actor, course_id).await?.require_staff()?;
    let form = course_evaluation::Entity::find_by_id(course_id).one(db).await?.ok_or_else(no_form)?;
    let responses: Vec<Vec<Answer>> = evaluation_response::Entity::find()
        .filter(evaluation_response::Column::CourseId.eq(course_id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| serde_json::from_str(&r.answers).ok())
        .collect();
    let items = items_of(&form)?;
    let respondents = responses.len() as u64;
    let items = (respondents >= MINIMUM_RESPONDENTS).then(|| summarize(&items, &responses));
    Ok(EvaluationSummary { course_id, respondents, minimum_respondents: MINIMUM_RESPONDENTS, items })
}

/// Completion waits for the learner's response when the course's survey is required.
pub struct SurveyRequirement;

#[async_trait::async_trait]
impl latih_progress::CompletionRequirement for SurveyRequirement {
    async fn missing(
        &self,
        db: &sea_orm::DatabaseTransaction,
        course_id: Uuid,
        user_id: Uuid,
    ) -> ApiResult<Option<String>> {
        let required = course_evaluation::Entity::find_by_id(course_id).one(db).await?.is_some_and(|f| f.required);
        if !required {
            return Ok(None);
        }
        let answered = evaluation_response::Entity::find()
            .filter(evaluation_response::Column::CourseId.eq(course_id))
            .filter(evaluation_response::Column::UserId.eq(user_id))
            .count(db)
            .await?;
        Ok((answered == 0).then(|| "Isi survei evaluasi kursus".to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn likert_items_get_a_mean_and_distribution_and_text_items_sorted_comments() {
        let items = vec![
            EvaluationItem { id: "relevan".into(), kind: ItemKind::Likert, text: "Relevan".into() },
            EvaluationItem { id: "saran".into(), kind: ItemKind::Text, text: "Saran".into() },
        ];
        let answer = |id: &str, value: serde_json::Value| Answer { item_id: id.into(), value };
        let responses = vec![
            vec![answer("relevan", json!(5)), answer("saran", json!("Tambah contoh"))],
            vec![answer("relevan", json!(4))],
            vec![answer("relevan", json!(3)), answer("saran", json!("Audio kurang jelas"))],
        ];
        let summary = summarize(&items, &responses);
        assert_eq!(summary[0].mean, Some(4.0));
        assert_eq!(summary[0].distribution, Some([0, 0, 1, 1, 1]));
        assert_eq!(
            summary[1].comments.as_deref(),
            Some(&["Audio kurang jelas".to_owned(), "Tambah contoh".to_owned()][..])
        );
    }
}
