//! Creating and editing courses, their instructors, and the draft → published → archived workflow.

use std::collections::HashMap;

use latih_identity::entity::{organization, user};
use latih_kernel::error::FieldError;
use latih_kernel::ids::new_id;
use latih_kernel::precondition::IfMatch;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg, Role};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::access::{self, CourseAccess};
use crate::dto::{CourseDto, CreateCourse, PersonRef, UpdateCourse};
use crate::entity::{course, course_staff, course_tag, lesson};
use crate::model::{CourseStatus, search_text};
use crate::service::jp as credit;

fn text(raw: &str, min: usize, max: usize) -> Result<String, FieldError> {
    let text = raw.trim();
    let length = text.chars().count();
    if length < min {
        return Err(FieldError::new("required", Msg::new("Wajib diisi.", "Required.")));
    }
    if length > max {
        return Err(FieldError::new(
            "too_long",
            Msg::new(format!("Paling banyak {max} karakter."), format!("At most {max} characters.")),
        ));
    }
    Ok(text.to_owned())
}

/// Markdown is stored exactly as written (leading spaces matter); only its size is checked.
fn markdown(raw: &str) -> Result<String, FieldError> {
    if raw.len() > 50_000 {
        return Err(FieldError::new(
            "too_long",
            Msg::new("Paling banyak 50.000 karakter.", "At most 50,000 characters."),
        ));
    }
    Ok(raw.to_owned())
}

fn jp(value: i32) -> Result<i32, FieldError> {
    if (0..=500).contains(&value) {
        Ok(value)
    } else {
        Err(FieldError::new("out_of_range", Msg::new("JP antara 0 dan 500.", "jp is between 0 and 500.")))
    }
}

/// Lower-cased, trimmed, de-duplicated tags: at most 20, each 1 to 40 characters.
fn tags(raw: &[String]) -> Result<Vec<String>, FieldError> {
    let mut tags: Vec<String> = raw.iter().map(|t| t.trim().to_lowercase()).collect();
    tags.sort();
    tags.dedup();
    let bad = tags.len() > 20 || tags.iter().any(|t| t.is_empty() || t.chars().count() > 40);
    if bad {
        return Err(FieldError::new(
            "invalid_tags",
            Msg::new(
                "Paling banyak 20 tag, masing-masing 1 sampai 40 karakter.",
                "At most 20 tags of 1 to 40 characters.",
            ),
        ));
    }
    Ok(tags)
}

/// Tags and instructors of many courses in two queries, whatever their number. Instructors who
/// lost the role or left the organization are not shown; the requested JP is shown to staff.
pub async fn course_dtos(
    db: &impl ConnectionTrait,
    viewer: &AuthUser,
    courses: Vec<course::Model>,
) -> ApiResult<Vec<CourseDto>> {
    let ids: Vec<Uuid> = courses.iter().map(|c| c.id).collect();
    let organizations: HashMap<Uuid, &course::Model> = courses.iter().map(|c| (c.id, c)).collect();
    let mut tags: HashMap<Uuid, Vec<String>> = HashMap::new();
    for row in course_tag::Entity::find()
        .filter(course_tag::Column::CourseId.is_in(ids.clone()))
        .order_by_asc(course_tag::Column::Tag)
        .all(db)
        .await?
    {
        tags.entry(row.course_id).or_default().push(row.tag);
    }
    let mut instructors: HashMap<Uuid, Vec<PersonRef>> = HashMap::new();
    for (staff, person) in course_staff::Entity::find()
        .filter(course_staff::Column::CourseId.is_in(ids))
        .order_by_asc(course_staff::Column::AddedAt)
        .find_also_related(user::Entity)
        .all(db)
        .await?
    {
        let course = organizations.get(&staff.course_id);
        if let Some(person) = person.filter(|p| course.is_some_and(|c| access::counts_as_instructor(c, p))) {
            instructors.entry(staff.course_id).or_default().push(person_ref(&person));
        }
    }
    Ok(courses
        .into_iter()
        .map(|c| {
            let id = c.id;
            let instructors = instructors.remove(&id).unwrap_or_default();
            let staff_view = viewer.administers(c.organization_id) || instructors.iter().any(|p| p.id == viewer.id);
            CourseDto::new(c, tags.remove(&id).unwrap_or_default(), instructors, staff_view)
        })
        .collect())
}

pub fn person_ref(person: &user::Model) -> PersonRef {
    PersonRef { id: person.id, name: person.name.clone(), external: person.nip.is_none() }
}

pub async fn course_dto(db: &impl ConnectionTrait, viewer: &AuthUser, course: course::Model) -> ApiResult<CourseDto> {
    course_dtos(db, viewer, vec![course])
        .await?
        .pop()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("course vanished while rendering")))
}

async fn replace_tags(db: &impl ConnectionTrait, course_id: Uuid, tags: Vec<String>) -> ApiResult<()> {
    course_tag::Entity::delete_many().filter(course_tag::Column::CourseId.eq(course_id)).exec(db).await?;
    if !tags.is_empty() {
        let rows = tags.into_iter().map(|tag| course_tag::ActiveModel { course_id: Set(course_id), tag: Set(tag) });
        course_tag::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

/// Instructors create courses in their organization (and become its first instructor); org admins
/// in theirs; platform admins in any they name.
pub async fn create(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    input: CreateCourse,
) -> ApiResult<CourseDto> {
    actor.require_any(&[Role::Instructor, Role::OrgAdmin, Role::PlatformAdmin])?;
    let organization_id = match (input.organization_id, actor.organization_id) {
        (Some(org), _) if actor.is_platform_admin() => org,
        (Some(org), Some(own)) if org == own => own,
        (Some(_), _) => return Err(ApiError::not_found()),
        (None, Some(own)) => own,
        (None, None) => {
            return Err(ApiError::invalid("organization_id", "required", Msg::new("Wajib diisi.", "Required.")));
        }
    };
    if organization::Entity::find_by_id(organization_id).one(db).await?.is_none() {
        return Err(ApiError::invalid(
            "organization_id",
            "not_found",
            Msg::new("Organisasi tidak dikenal.", "Unknown organization."),
        ));
    }
    let mut errors = FieldErrors::new();
    let title = errors.check("title", text(&input.title, 1, 200));
    let summary = errors.check("summary", text(&input.summary, 1, 1000));
    let description = errors.check("description", markdown(input.description.as_deref().unwrap_or("")));
    let jp = errors.check("jp", jp(input.jp));
    let tags = errors.check("tags", tags(input.tags.as_deref().unwrap_or(&[])));
    let category = match input.category.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => errors.check("category", text(c, 1, 100)).map(Some),
        None => Some(None),
    };
    errors.finish()?;
    let (Some(title), Some(summary), Some(description), Some(jp), Some(tags), Some(category)) =
        (title, summary, description, jp, tags, category)
    else {
        return Err(ApiError::internal(anyhow::anyhow!("validated fields missing")));
    };
    let now = clock.now();
    let txn = db.begin().await?;
    let course = course::ActiveModel {
        id: Set(new_id()),
        organization_id: Set(organization_id),
        search_text: Set(search_text(&title, &summary)),
        title: Set(title),
        summary: Set(summary),
        description: Set(description),
        jp: Set(0),
        jp_requested: Set(jp),
        jp_approved_by: Set(None),
        jp_approved_at: Set(None),
        competency_type: Set(input.competency_type),
        delivery: Set(input.delivery),
        visibility: Set(input.visibility),
        category: Set(category),
        status: Set(CourseStatus::Draft),
        version: Set(1),
        created_by: Set(Some(actor.id)),
        created_at: Set(now),
        updated_at: Set(now),
        published_at: Set(None),
        archived_at: Set(None),
    }
    .insert(&txn)
    .await?;
    replace_tags(&txn, course.id, tags).await?;
    if actor.has(Role::Instructor) {
        course_staff::ActiveModel { course_id: Set(course.id), user_id: Set(actor.id), added_at: Set(now) }
            .insert(&txn)
            .await?;
    }
    txn.commit().await?;
    course_dto(db, actor, course).await
}

/// Stores `changes` if the course is still at `expected_version`; else 412.
pub(crate) async fn save_versioned(
    db: &impl ConnectionTrait,
    mut changes: course::ActiveModel,
    expected_version: i32,
    clock: &Clock,
) -> ApiResult<course::Model> {
    let id = match &changes.id {
        sea_orm::ActiveValue::Set(id) | sea_orm::ActiveValue::Unchanged(id) => *id,
        sea_orm::ActiveValue::NotSet => return Err(ApiError::internal(anyhow::anyhow!("course id missing"))),
    };
    changes.version = Set(expected_version + 1);
    changes.updated_at = Set(clock.now());
    let updated = course::Entity::update_many()
        .set(changes)
        .filter(course::Column::Id.eq(id))
        .filter(course::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        return Err(ApiError::PreconditionFailed);
    }
    course::Entity::find_by_id(id).one(db).await?.ok_or_else(ApiError::not_found)
}

pub async fn update(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    course_id: Uuid,
    if_match: &IfMatch,
    input: UpdateCourse,
) -> ApiResult<CourseDto> {
    let CourseAccess { course, .. } = access::staff_access(db, actor, course_id).await?;
    if_match.check(course.version)?;
    let mut errors = FieldErrors::new();
    let title = input.title.as_deref().and_then(|t| errors.check("title", text(t, 1, 200)));
    let summary = input.summary.as_deref().and_then(|s| errors.check("summary", text(s, 1, 1000)));
    let description = input.description.as_deref().and_then(|d| errors.check("description", markdown(d)));
    let jp = input.jp.and_then(|j| errors.check("jp", jp(j)));
    let tags = input.tags.as_deref().and_then(|t| errors.check("tags", tags(t)));
    let category = match &input.category {
        Some(Some(c)) if !c.trim().is_empty() => errors.check("category", text(c, 1, 100)).map(Some),
        Some(_) => Some(None),
        None => None,
    };
    errors.finish()?;
    let mut changes = course::ActiveModel { id: sea_orm::ActiveValue::Unchanged(course.id), ..Default::default() };
    let new_title = title.clone().unwrap_or_else(|| course.title.clone());
    let new_summary = summary.clone().unwrap_or_else(|| course.summary.clone());
    changes.search_text = Set(search_text(&new_title, &new_summary));
    if let Some(title) = title {
        changes.title = Set(title);
    }
    if let Some(summary) = summary {
        changes.summary = Set(summary);
    }
    if let Some(description) = description {
        changes.description = Set(description);
    }
    if let Some(jp) = jp.filter(|j| *j != course.jp_requested) {
        credit::request(&mut changes, &course, jp, credit::backed(db, course.id).await?, clock);
    }
    if let Some(competency_type) = input.competency_type {
        changes.competency_type = Set(competency_type);
    }
    if let Some(delivery) = input.delivery {
        changes.delivery = Set(delivery);
    }
    if let Some(visibility) = input.visibility {
        changes.visibility = Set(visibility);
    }
    if let Some(category) = category {
        changes.category = Set(category);
    }
    let txn = db.begin().await?;
    let saved = save_versioned(&txn, changes, course.version, clock).await?;
    if let Some(tags) = tags {
        replace_tags(&txn, saved.id, tags).await?;
    }
    txn.commit().await?;
    course_dto(db, actor, saved).await
}

/// Publishing needs at least one required lesson (a course without one would complete, and
/// credit its JP, the moment someone enrols); only drafts are published. The JP is settled:
/// approved up to what required content backs, the rest left to an org admin.
pub async fn publish(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    course_id: Uuid,
) -> ApiResult<CourseDto> {
    let CourseAccess { course, .. } = access::staff_access(db, actor, course_id).await?;
    if course.status != CourseStatus::Draft {
        return Err(ApiError::conflict(
            "not_a_draft",
            Msg::new("Hanya draf yang dapat diterbitkan.", "Only a draft can be published."),
        ));
    }
    let lessons = lesson::Entity::find().filter(lesson::Column::CourseId.eq(course.id)).count(db).await?;
    if lessons == 0 {
        return Err(ApiError::invalid(
            "lessons",
            "no_lessons",
            Msg::new("Kursus perlu paling sedikit satu pelajaran.", "A course needs at least one lesson."),
        ));
    }
    let required = lesson::Entity::find()
        .filter(lesson::Column::CourseId.eq(course.id))
        .filter(lesson::Column::Required.eq(true))
        .count(db)
        .await?;
    if required == 0 {
        return Err(ApiError::invalid(
            "lessons",
            "no_required_lessons",
            Msg::new(
                "Kursus perlu paling sedikit satu pelajaran wajib.",
                "A course needs at least one required lesson.",
            ),
        ));
    }
    let mut changes = course::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(course.id),
        status: Set(CourseStatus::Published),
        published_at: Set(Some(clock.now())),
        ..Default::default()
    };
    credit::settle(&mut changes, &course, credit::backed(db, course.id).await?, clock);
    let saved = save_versioned(db, changes, course.version, clock).await?;
    course_dto(db, actor, saved).await
}

/// An archived course takes no new enrolments; its learners keep their records and access.
pub async fn archive(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    course_id: Uuid,
) -> ApiResult<CourseDto> {
    let CourseAccess { course, .. } = access::staff_access(db, actor, course_id).await?;
    if course.status != CourseStatus::Published {
        return Err(ApiError::conflict(
            "not_published",
            Msg::new("Hanya kursus terbit yang dapat diarsipkan.", "Only a published course can be archived."),
        ));
    }
    let changes = course::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(course.id),
        status: Set(CourseStatus::Archived),
        archived_at: Set(Some(clock.now())),
        ..Default::default()
    };
    let saved = save_versioned(db, changes, course.version, clock).await?;
    course_dto(db, actor, saved).await
}

pub async fn get(db: &DatabaseConnection, actor: &AuthUser, course_id: Uuid) -> ApiResult<CourseDto> {
    let CourseAccess { course, .. } = access::course_access(db, actor, course_id).await?;
    course_dto(db, actor, course).await
}

/// Serialises structural changes of a course (outline, instructors): bumps its version, so the
/// course `ETag` changes and concurrent writers queue on the row inside their transactions.
pub async fn touch(db: &impl ConnectionTrait, course_id: Uuid, clock: &Clock) -> ApiResult<()> {
    course::Entity::update_many()
        .col_expr(course::Column::Version, Expr::col(course::Column::Version).add(1))
        .col_expr(course::Column::UpdatedAt, Expr::value(clock.now()))
        .filter(course::Column::Id.eq(course_id))
        .exec(db)
        .await?;
    Ok(())
}
