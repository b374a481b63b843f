//! A person's competency gaps: each competency their position requires, the level they are at
//! (the latest assessment by the most trusted method), how far short they are, and the
//! published courses open to them that develop it far enough, closest fit first. Seven queries
//! whatever the numbers of requirements, assessments or courses.

use std::collections::HashMap;

use latih_courses::entity::course;
use latih_courses::model::{CourseStatus, Visibility};
use latih_identity::entity::user;
use latih_kernel::{ApiResult, AuthUser};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::dto::{CompetencyGap, CompetencyGaps, RecommendedCourse};
use crate::entity::{assessment, competency, course_competency, position_requirement};
use crate::service::people::standing;

/// The assessment that sets the current level: most trusted method, then latest day, then
/// latest recorded.
pub fn current_level<'a>(assessments: impl IntoIterator<Item = &'a assessment::Model>) -> Option<i32> {
    assessments.into_iter().max_by_key(|a| (a.method().trust(), a.assessed_on, a.created_at)).map(|a| a.level)
}

pub async fn for_person(db: &DatabaseConnection, actor: &AuthUser, person_id: Uuid) -> ApiResult<CompetencyGaps> {
    let (person, _) = standing(db, actor, person_id).await?;
    let Some(position_id) = person.position_id else {
        return Ok(CompetencyGaps { user_id: person.id, position_id: None, items: Vec::new() });
    };
    let requirements = position_requirement::Entity::find()
        .filter(position_requirement::Column::PositionId.eq(position_id))
        .all(db)
        .await?;
    let ids: Vec<Uuid> = requirements.iter().map(|r| r.competency_id).collect();
    let competencies: HashMap<Uuid, competency::Model> = competency::Entity::find()
        .filter(competency::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut assessed: HashMap<Uuid, Vec<assessment::Model>> = HashMap::new();
    for a in assessment::Entity::find()
        .filter(assessment::Column::UserId.eq(person.id))
        .filter(assessment::Column::CompetencyId.is_in(ids.clone()))
        .all(db)
        .await?
    {
        assessed.entry(a.competency_id).or_default().push(a);
    }
    let offered =
        course_competency::Entity::find().filter(course_competency::Column::CompetencyId.is_in(ids)).all(db).await?;
    let courses = open_courses(db, &person, offered.iter().map(|o| o.course_id).collect()).await?;
    let mut items: Vec<CompetencyGap> = requirements
        .into_iter()
        .filter_map(|r| {
            let entry = competencies.get(&r.competency_id)?;
            let current = current_level(assessed.get(&r.competency_id).into_iter().flatten());
            let gap = (r.level - current.unwrap_or(0)).max(0);
            let mut recommended: Vec<RecommendedCourse> = if gap == 0 {
                Vec::new()
            } else {
                offered
                    .iter()
                    .filter(|o| o.competency_id == r.competency_id && o.level >= r.level)
                    .filter_map(|o| {
                        let c = courses.get(&o.course_id)?;
                        Some(RecommendedCourse { id: c.id, title: c.title.clone(), jp: c.jp, level: o.level })
                    })
                    .collect()
            };
            // Closest fit: the course aimed nearest the required level, then the shorter one.
            recommended.sort_by(|a, b| (a.level, a.jp, &a.title, a.id).cmp(&(b.level, b.jp, &b.title, b.id)));
            Some(CompetencyGap {
                competency_id: entry.id,
                code: entry.code.clone(),
                name: entry.name.clone(),
                kind: entry.kind,
                required_level: r.level,
                current_level: current,
                gap,
                recommended_courses: recommended,
            })
        })
        .collect();
    items.sort_by(|a, b| b.gap.cmp(&a.gap).then_with(|| a.code.cmp(&b.code)));
    Ok(CompetencyGaps { user_id: person.id, position_id: Some(position_id), items })
}

/// Of `ids`, the published courses the person may enrol in: public ones and their own
/// organization's.
async fn open_courses(
    db: &DatabaseConnection,
    person: &user::Model,
    ids: Vec<Uuid>,
) -> ApiResult<HashMap<Uuid, course::Model>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut audience = Condition::any().add(course::Column::Visibility.eq(Visibility::Public));
    if let Some(org) = person.organization_id {
        audience = audience.add(course::Column::OrganizationId.eq(org));
    }
    Ok(course::Entity::find()
        .filter(course::Column::Id.is_in(ids))
        .filter(course::Column::Status.eq(CourseStatus::Published))
        .filter(audience)
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect())
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::model::AssessmentMethod;

    fn rated(level: i32, method: AssessmentMethod, day: u32) -> assessment::Model {
        assessment::Model {
            id: Uuid::from_u128(u128::from(day) * 10 + level as u128),
            user_id: Uuid::nil(),
            competency_id: Uuid::nil(),
            level,
            method: method.as_str().to_owned(),
            assessed_on: NaiveDate::from_ymd_opt(2026, 1, day).unwrap_or_default(),
            assessed_by: Uuid::nil(),
            created_at: Utc.timestamp_opt(i64::from(day) * 86_400, 0).single().unwrap_or_default(),
        }
    }

    #[test]
    fn the_most_trusted_method_wins_over_a_later_one() {
        let old_center = rated(2, AssessmentMethod::AssessmentCenter, 1);
        let new_supervisor = rated(4, AssessmentMethod::Supervisor, 20);
        let newer_self = rated(5, AssessmentMethod::SelfAssessment, 25);
        assert_eq!(current_level([&old_center, &new_supervisor, &newer_self]), Some(2));
        assert_eq!(current_level([&new_supervisor, &newer_self]), Some(4));
        assert_eq!(current_level([&newer_self]), Some(5));
        assert_eq!(current_level([]), None);
    }

    #[test]
    fn within_a_method_the_latest_day_wins() {
        let early = rated(1, AssessmentMethod::Supervisor, 2);
        let late = rated(3, AssessmentMethod::Supervisor, 9);
        assert_eq!(current_level([&late, &early]), Some(3));
    }
}
