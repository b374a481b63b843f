//! The items of a development plan: checked against the person's dictionary and the courses
//! open to them, and written in the plan's transaction. Several items may develop one
//! competency; one course appears once.

use std::collections::{HashMap, HashSet};

use latih_courses::entity::course;
use latih_courses::model::{CourseStatus, Visibility};
use latih_identity::entity::user;
use latih_identity::model::required_text;
use latih_kernel::ids::new_id;
use latih_kernel::{ApiResult, FieldErrors, Msg};
use sea_orm::{ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::dto::PlanItemInput;
use crate::entity::{competency, development_plan_item as item};
use crate::model::Activity;
use crate::service::competencies::usable_by;

/// The field errors of the items, and each item's title (a course item defaults to its course's).
pub async fn check(
    db: &DatabaseConnection,
    person: &user::Model,
    organization_id: Uuid,
    inputs: &[PlanItemInput],
    errors: &mut FieldErrors,
) -> ApiResult<Vec<String>> {
    if inputs.is_empty() {
        errors.add("items", "required", Msg::new("Paling sedikit satu kegiatan.", "At least one item."));
    } else if inputs.len() > 50 {
        errors.add("items", "too_many", Msg::new("Paling banyak 50 kegiatan.", "At most 50 items."));
        return Ok(Vec::new());
    }
    // Several activities may develop one competency (a course and a mentoring, say).
    let known: HashSet<Uuid> = competency::Entity::find()
        .filter(usable_by(Some(organization_id)))
        .filter(competency::Column::Id.is_in(inputs.iter().filter_map(|i| i.competency_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let course_ids: Vec<Uuid> = inputs.iter().filter_map(|i| i.course_id).collect();
    let courses: HashMap<Uuid, course::Model> = course::Entity::find()
        .filter(course::Column::Id.is_in(course_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let open = |c: &course::Model| {
        c.status == CourseStatus::Published
            && (c.visibility == Visibility::Public || person.organization_id == Some(c.organization_id))
    };
    let mut titles = Vec::with_capacity(inputs.len());
    let mut planned_courses = HashSet::new();
    for (i, input) in inputs.iter().enumerate() {
        let field = |name: &str| format!("items[{i}].{name}");
        if input.competency_id.is_some_and(|c| !known.contains(&c)) {
            errors.add(
                field("competency_id"),
                "not_found",
                Msg::new("Kompetensi tidak ada di kamus Anda.", "No such competency in your dictionary."),
            );
        }
        let course = input.course_id.and_then(|id| courses.get(&id)).filter(|c| open(c));
        match (input.activity, input.course_id) {
            (Activity::Course, None) => {
                errors.add(field("course_id"), "required", Msg::new("Wajib untuk kursus.", "Required for a course."))
            }
            (Activity::Course, Some(_)) if course.is_none() => errors.add(
                field("course_id"),
                "not_found",
                Msg::new("Kursus tidak ada atau tidak terbuka bagi Anda.", "No such course open to you."),
            ),
            (Activity::Course, Some(id)) if !planned_courses.insert(id) => errors.add(
                field("course_id"),
                "duplicate",
                Msg::new("Kursus ini sudah ada di rencana.", "This course is already in the plan."),
            ),
            (Activity::Course, _) => {}
            (_, Some(_)) => errors.add(
                field("course_id"),
                "not_a_course",
                Msg::new("Hanya kegiatan kursus yang menautkan kursus.", "Only a course item links a course."),
            ),
            (_, None) => {}
        }
        let given = input.title.as_deref().unwrap_or("");
        let title = match course {
            Some(c) if given.trim().is_empty() => Some(c.title.clone()),
            _ => errors.check(&field("title"), required_text(given, 200)),
        };
        titles.push(title.unwrap_or_default());
        if !(1..=200).contains(&input.planned_jp) {
            errors.add(
                field("planned_jp"),
                "out_of_range",
                Msg::new("JP antara 1 dan 200.", "planned_jp is 1 to 200."),
            );
        }
    }
    Ok(titles)
}

pub async fn insert(
    txn: &DatabaseTransaction,
    plan_id: Uuid,
    inputs: &[PlanItemInput],
    titles: Vec<String>,
) -> ApiResult<()> {
    let rows = inputs.iter().zip(titles).zip(0..).map(|((i, title), position)| item::ActiveModel {
        id: Set(new_id()),
        plan_id: Set(plan_id),
        position: Set(position),
        competency_id: Set(i.competency_id),
        activity: Set(i.activity),
        course_id: Set(i.course_id),
        title: Set(title),
        planned_jp: Set(i.planned_jp),
    });
    item::Entity::insert_many(rows).exec(txn).await?;
    Ok(())
}
