//! Course threads: who may read and write them (enrolled learners and course staff), the
//! lists, pin and lock, and subscriptions.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use latih_courses::access::{self, CourseAccess};
use latih_courses::entity::course_staff;
use latih_identity::entity::user;
use latih_kernel::ids::new_id;
use latih_kernel::pagination::{PageQuery, take_page};
use latih_kernel::text::markdown_to_safe_html;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg, Page};
use latih_notify::{Notice, NoticeKind};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::dto::{AuthorRef, CreateThread, ThreadDto, ThreadListParams};
use crate::entity::{thread, thread_subscription};
use crate::model::ThreadKind;

/// The thread, if the caller takes part in its course (enrolled or staff): 404 when the course
/// is not visible, 403 when it is but the caller is not enrolled.
pub async fn thread_access(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    thread_id: Uuid,
) -> ApiResult<(thread::Model, CourseAccess)> {
    let found = thread::Entity::find_by_id(thread_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let access = access::course_access(db, actor, found.course_id).await?;
    access.require_participant()?;
    Ok((found, access))
}

pub async fn staff_ids(db: &impl ConnectionTrait, course_id: Uuid) -> ApiResult<Vec<Uuid>> {
    Ok(course_staff::Entity::find()
        .filter(course_staff::Column::CourseId.eq(course_id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.user_id)
        .collect())
}

pub async fn authors(db: &impl ConnectionTrait, ids: Vec<Uuid>) -> ApiResult<HashMap<Uuid, AuthorRef>> {
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, AuthorRef { id: u.id, name: u.name }))
        .collect())
}

/// The trimmed text; `required` when blank, `too_long` past `max` characters.
pub fn text(field: &str, raw: &str, max: usize, errors: &mut FieldErrors) -> String {
    let value = raw.trim();
    if value.is_empty() {
        errors.add(field, "required", Msg::new("Wajib diisi.", "Required."));
    } else if value.chars().count() > max {
        errors.add(
            field,
            "too_long",
            Msg::new(format!("Paling banyak {max} karakter."), format!("At most {max} characters.")),
        );
    }
    value.to_owned()
}

fn to_dto(m: thread::Model, authors: &HashMap<Uuid, AuthorRef>, subscribed: bool) -> ThreadDto {
    ThreadDto {
        body_html: markdown_to_safe_html(&m.body),
        author: authors.get(&m.author_id).cloned(),
        id: m.id,
        course_id: m.course_id,
        kind: m.kind,
        title: m.title,
        body: m.body,
        pinned: m.pinned,
        locked: m.locked,
        accepted_post_id: m.accepted_post_id,
        post_count: m.post_count,
        last_post_at: m.last_post_at,
        created_at: m.created_at,
        subscribed,
    }
}

async fn subscribed(db: &impl ConnectionTrait, thread_id: Uuid, user_id: Uuid) -> ApiResult<bool> {
    Ok(thread_subscription::Entity::find_by_id((thread_id, user_id)).one(db).await?.is_some())
}

async fn subscribe_in(db: &impl ConnectionTrait, thread_id: Uuid, user_id: Uuid, clock: &Clock) -> ApiResult<()> {
    thread_subscription::Entity::insert(thread_subscription::ActiveModel {
        thread_id: Set(thread_id),
        user_id: Set(user_id),
        created_at: Set(clock.now()),
    })
    .on_conflict(
        OnConflict::columns([thread_subscription::Column::ThreadId, thread_subscription::Column::UserId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Opens a thread; its author follows it, and staff hear of new questions.
pub async fn create(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    course_id: Uuid,
    input: CreateThread,
) -> ApiResult<ThreadDto> {
    let access = access::course_access(db, actor, course_id).await?;
    access.require_participant()?;
    let mut errors = FieldErrors::new();
    let title = text("title", &input.title, 200, &mut errors);
    let body = text("body", &input.body, 20_000, &mut errors);
    errors.finish()?;
    let now = clock.now();
    let txn = db.begin().await?;
    let model = thread::ActiveModel {
        id: Set(new_id()),
        course_id: Set(course_id),
        author_id: Set(actor.id),
        kind: Set(input.kind),
        title: Set(title.clone()),
        body: Set(body),
        pinned: Set(false),
        locked: Set(false),
        accepted_post_id: Set(None),
        post_count: Set(0),
        last_post_at: Set(now),
        created_at: Set(now),
        edited_at: Set(None),
    }
    .insert(&txn)
    .await?;
    subscribe_in(&txn, model.id, actor.id, clock).await?;
    if input.kind == ThreadKind::Question {
        let staff = staff_ids(&txn, course_id).await?;
        let notice = Notice {
            kind: NoticeKind::ForumQuestion,
            organization_id: Some(access.course.organization_id),
            key: format!("thread:{}:question", model.id),
            title: Msg::new(format!("Pertanyaan baru: {title}"), format!("New question: {title}")),
            body: Msg::new(crate::service::posts::excerpt(&model.body), crate::service::posts::excerpt(&model.body)),
            link: Some(format!("/threads/{}", model.id)),
            actor_id: Some(actor.id),
        };
        latih_notify::send(&txn, clock, &staff, &notice).await?;
    }
    txn.commit().await?;
    let authors = authors(db, vec![actor.id]).await?;
    Ok(to_dto(model, &authors, true))
}

/// The threads of a course: newest activity first, or unanswered questions. Three queries per
/// page plus the access check, whatever the page holds.
pub async fn list(
    db: &DatabaseConnection,
    actor: &AuthUser,
    course_id: Uuid,
    params: &ThreadListParams,
    page: &PageQuery,
) -> ApiResult<Page<ThreadDto>> {
    let access = access::course_access(db, actor, course_id).await?;
    access.require_participant()?;
    let limit = page.limit()?;
    let mut query = thread::Entity::find().filter(thread::Column::CourseId.eq(course_id));
    match params.sort.as_deref() {
        None | Some("latest") => {}
        Some("unanswered") => {
            query = query
                .filter(thread::Column::Kind.eq(ThreadKind::Question))
                .filter(thread::Column::AcceptedPostId.is_null());
        }
        Some(_) => {
            let mut errors = FieldErrors::new();
            errors.add("sort", "invalid_choice", Msg::new("latest atau unanswered.", "latest or unanswered."));
            return Err(ApiError::BadRequest {
                detail: Msg::new("Parameter kueri tidak valid.", "Invalid query parameter."),
                errors,
            });
        }
    }
    if let Some((at, id)) = page.after::<(DateTime<Utc>, Uuid)>()? {
        query = query.filter(
            Condition::any()
                .add(thread::Column::LastPostAt.lt(at))
                .add(Condition::all().add(thread::Column::LastPostAt.eq(at)).add(thread::Column::Id.lt(id))),
        );
    }
    let rows = query
        .order_by_desc(thread::Column::LastPostAt)
        .order_by_desc(thread::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let (rows, next_cursor) = take_page(rows, limit, |t| (t.last_post_at, t.id));
    let authors = authors(db, rows.iter().map(|t| t.author_id).collect()).await?;
    let subscriptions: Vec<Uuid> = thread_subscription::Entity::find()
        .filter(thread_subscription::Column::UserId.eq(actor.id))
        .filter(thread_subscription::Column::ThreadId.is_in(rows.iter().map(|t| t.id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.thread_id)
        .collect();
    let items = rows
        .into_iter()
        .map(|t| {
            let subscribed = subscriptions.contains(&t.id);
            to_dto(t, &authors, subscribed)
        })
        .collect();
    Ok(Page { items, next_cursor })
}

pub async fn get(db: &DatabaseConnection, actor: &AuthUser, thread_id: Uuid) -> ApiResult<ThreadDto> {
    let (found, _) = thread_access(db, actor, thread_id).await?;
    let authors = authors(db, vec![found.author_id]).await?;
    let subscribed = subscribed(db, found.id, actor.id).await?;
    Ok(to_dto(found, &authors, subscribed))
}

/// Pins or locks (or undoes either): course staff only.
pub async fn set_flag(
    db: &DatabaseConnection,
    actor: &AuthUser,
    thread_id: Uuid,
    pin: bool,
    value: bool,
) -> ApiResult<ThreadDto> {
    let (found, access) = thread_access(db, actor, thread_id).await?;
    access.require_staff()?;
    let mut active: thread::ActiveModel = found.into();
    if pin {
        active.pinned = Set(value);
    } else {
        active.locked = Set(value);
    }
    let saved = active.update(db).await?;
    let authors = authors(db, vec![saved.author_id]).await?;
    let subscribed = subscribed(db, saved.id, actor.id).await?;
    Ok(to_dto(saved, &authors, subscribed))
}

pub async fn subscribe(db: &DatabaseConnection, clock: &Clock, actor: &AuthUser, thread_id: Uuid) -> ApiResult<()> {
    let (found, _) = thread_access(db, actor, thread_id).await?;
    subscribe_in(db, found.id, actor.id, clock).await
}

pub async fn unsubscribe(db: &DatabaseConnection, actor: &AuthUser, thread_id: Uuid) -> ApiResult<()> {
    let (found, _) = thread_access(db, actor, thread_id).await?;
    thread_subscription::Entity::delete_by_id((found.id, actor.id)).exec(db).await?;
    Ok(())
}
