//! Assessments: the person rates themselves (`self`), their supervisor rates them (`supervisor`),
//! and the org admin records assessment-center results (`assessment_center`). Nobody records a
//! method that is not theirs.

use chrono::Datelike;
use latih_kernel::ids::new_id;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::dto::{AssessmentDto, CreateAssessment};
use crate::entity::{assessment, competency};
use crate::model::{AssessmentMethod, LEVELS};
use crate::service::competencies::usable_by;
use crate::service::people::{Standing, standing};

fn to_dto(m: assessment::Model) -> AssessmentDto {
    AssessmentDto {
        id: m.id,
        user_id: m.user_id,
        competency_id: m.competency_id,
        level: m.level,
        method: m.method(),
        assessed_on: m.assessed_on,
        assessed_by: m.assessed_by,
        created_at: m.created_at,
    }
}

fn may_record(standing: Standing, method: AssessmentMethod) -> bool {
    matches!(
        (standing, method),
        (Standing::Themselves, AssessmentMethod::SelfAssessment)
            | (Standing::Supervisor, AssessmentMethod::Supervisor)
            | (Standing::OrgAdmin, AssessmentMethod::AssessmentCenter)
    )
}

pub async fn create(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    person_id: Uuid,
    input: CreateAssessment,
) -> ApiResult<AssessmentDto> {
    let (person, standing) = standing(db, actor, person_id).await?;
    if !may_record(standing, input.method) {
        return Err(ApiError::Forbidden(Msg::new(
            "Metode ini dicatat oleh pihak lain: self oleh orangnya, supervisor oleh atasannya, \
             assessment_center oleh admin organisasi.",
            "Another party records this method: self by the person, supervisor by their supervisor, \
             assessment_center by the org admin.",
        )));
    }
    let mut errors = FieldErrors::new();
    let known = competency::Entity::find()
        .filter(usable_by(person.organization_id))
        .filter(competency::Column::Id.eq(input.competency_id))
        .one(db)
        .await?;
    if known.is_none() {
        errors.add(
            "competency_id",
            "not_found",
            Msg::new("Kompetensi tidak ada di kamus Anda.", "No such competency in your dictionary."),
        );
    }
    if !LEVELS.contains(&input.level) {
        errors.add("level", "out_of_range", Msg::new("Level antara 1 dan 5.", "level is between 1 and 5."));
    }
    // A day of slack for time zones east of UTC; later than that is a typo.
    if input.assessed_on > clock.now().date_naive().succ_opt().unwrap_or(chrono::NaiveDate::MAX) {
        errors.add(
            "assessed_on",
            "in_the_future",
            Msg::new("Tanggal penilaian belum terjadi.", "assessed_on is in the future."),
        );
    } else if input.assessed_on.year() < 2000 {
        errors.add(
            "assessed_on",
            "out_of_range",
            Msg::new("Tanggal penilaian sejak tahun 2000.", "assessed_on is in 2000 or later."),
        );
    }
    errors.finish()?;
    let saved = assessment::ActiveModel {
        id: Set(new_id()),
        user_id: Set(person.id),
        competency_id: Set(input.competency_id),
        level: Set(input.level),
        method: Set(input.method.as_str().to_owned()),
        assessed_on: Set(input.assessed_on),
        assessed_by: Set(actor.id),
        created_at: Set(clock.now()),
    }
    .insert(db)
    .await?;
    Ok(to_dto(saved))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_party_records_its_own_method_only() {
        use AssessmentMethod::*;
        for (standing, allowed) in [
            (Standing::Themselves, SelfAssessment),
            (Standing::Supervisor, Supervisor),
            (Standing::OrgAdmin, AssessmentCenter),
        ] {
            for method in [SelfAssessment, Supervisor, AssessmentCenter] {
                assert_eq!(may_record(standing, method), method == allowed, "{standing:?} recording {method:?}");
            }
        }
    }
}
