//! Posts: writing (not in locked threads), replies one level deep, editing within the window,
//! soft removal, accepted answers, reports and hiding.

use std::collections::HashMap;

use chrono::Duration;
use latih_kernel::ids::new_id;
use latih_kernel::pagination::{PageQuery, take_page};
use latih_kernel::text::markdown_to_safe_html;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg, Page};
use latih_notify::{Notice, NoticeKind};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use uuid::Uuid;

use crate::dto::{AuthorRef, CreatePost, PostDto, ReportDto, ThreadDto};
use crate::entity::{post, post_report, thread, thread_subscription};
use crate::model::{EDIT_WINDOW_MINUTES, ThreadKind};
use crate::service::threads::{authors, get as get_thread, staff_ids, text, thread_access};

/// The start of a text for a notification's body: at most 200 characters, cut at a character.
pub(crate) fn excerpt(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(200) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

fn to_dto(m: post::Model, authors: &HashMap<Uuid, AuthorRef>, staff: bool) -> PostDto {
    let removed = m.deleted_at.is_some();
    let concealed = removed || (m.hidden && !staff);
    let body = if concealed { String::new() } else { m.body };
    PostDto {
        body_html: if removed {
            "<p><em>Pesan ini telah dihapus.</em></p>".to_owned()
        } else if concealed {
            "<p><em>Pesan ini disembunyikan moderator.</em></p>".to_owned()
        } else {
            markdown_to_safe_html(&body)
        },
        body,
        author: authors.get(&m.author_id).cloned(),
        id: m.id,
        thread_id: m.thread_id,
        parent_id: m.parent_id,
        removed,
        hidden: m.hidden,
        edited_at: m.edited_at,
        created_at: m.created_at,
    }
}

fn locked() -> ApiError {
    ApiError::conflict("thread_locked", Msg::new("Utas ini dikunci.", "This thread is locked."))
}

/// Writes a post and notifies the thread's author and subscribers (never the poster), in one
/// transaction.
pub async fn create(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    thread_id: Uuid,
    input: CreatePost,
) -> ApiResult<PostDto> {
    let (found, access) = thread_access(db, actor, thread_id).await?;
    if found.locked {
        return Err(locked());
    }
    let mut errors = FieldErrors::new();
    let body = text("body", &input.body, 20_000, &mut errors);
    if let Some(parent_id) = input.parent_id {
        let parent = post::Entity::find_by_id(parent_id).one(db).await?;
        let fits = parent.is_some_and(|p| p.thread_id == found.id && p.parent_id.is_none());
        if !fits {
            errors.add(
                "parent_id",
                "invalid_parent",
                Msg::new(
                    "Balas pesan utama di utas ini (balasan satu tingkat).",
                    "Reply to a top-level post of this thread (one level of replies).",
                ),
            );
        }
    }
    errors.finish()?;
    let now = clock.now();
    let txn = db.begin().await?;
    // Bumping the thread first also queues this post behind a lock taken at the same moment.
    let open = thread::Entity::update_many()
        .col_expr(thread::Column::PostCount, Expr::col(thread::Column::PostCount).add(1))
        .col_expr(thread::Column::LastPostAt, Expr::value(now))
        .filter(thread::Column::Id.eq(found.id))
        .filter(thread::Column::Locked.eq(false))
        .exec(&txn)
        .await?;
    if open.rows_affected == 0 {
        txn.rollback().await?;
        return Err(locked());
    }
    let saved = post::ActiveModel {
        id: Set(new_id()),
        thread_id: Set(found.id),
        author_id: Set(actor.id),
        parent_id: Set(input.parent_id),
        body: Set(body),
        hidden: Set(false),
        deleted_at: Set(None),
        edited_at: Set(None),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let mut recipients: Vec<Uuid> = thread_subscription::Entity::find()
        .filter(thread_subscription::Column::ThreadId.eq(found.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|s| s.user_id)
        .collect();
    recipients.push(found.author_id);
    let notice = Notice {
        kind: NoticeKind::ForumReply,
        organization_id: Some(access.course.organization_id),
        key: format!("post:{}:reply", saved.id),
        title: Msg::new(format!("Balasan baru di \"{}\"", found.title), format!("New reply in \"{}\"", found.title)),
        body: Msg::new(excerpt(&saved.body), excerpt(&saved.body)),
        link: Some(format!("/threads/{}", found.id)),
        actor_id: Some(actor.id),
    };
    latih_notify::send(&txn, clock, &recipients, &notice).await?;
    let event = crate::events::ForumReply {
        post_id: saved.id,
        thread_id: found.id,
        course_id: access.course.id,
        parent_id: saved.parent_id,
        author_id: actor.id,
        organization_id: access.course.organization_id,
        created_at: now,
    };
    latih_jobs::publish(&txn, clock, &event).await?;
    txn.commit().await?;
    let authors = authors(db, vec![actor.id]).await?;
    Ok(to_dto(saved, &authors, access.is_staff()))
}

/// A thread's posts, oldest first: the posts, their authors, and the access check, whatever
/// the page holds.
pub async fn list(
    db: &DatabaseConnection,
    actor: &AuthUser,
    thread_id: Uuid,
    page: &PageQuery,
) -> ApiResult<Page<PostDto>> {
    let (found, access) = thread_access(db, actor, thread_id).await?;
    let limit = page.limit()?;
    let mut query = post::Entity::find().filter(post::Column::ThreadId.eq(found.id));
    if let Some(after) = page.after::<Uuid>()? {
        query = query.filter(post::Column::Id.gt(after));
    }
    let rows = query.order_by_asc(post::Column::Id).limit(limit + 1).all(db).await?;
    let (rows, next_cursor) = take_page(rows, limit, |p| p.id);
    let authors = authors(db, rows.iter().map(|p| p.author_id).collect()).await?;
    let staff = access.is_staff();
    Ok(Page { items: rows.into_iter().map(|p| to_dto(p, &authors, staff)).collect(), next_cursor })
}

async fn post_access(
    db: &DatabaseConnection,
    actor: &AuthUser,
    post_id: Uuid,
) -> ApiResult<(post::Model, thread::Model, bool)> {
    let found = post::Entity::find_by_id(post_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let (thread, access) = thread_access(db, actor, found.thread_id).await?;
    Ok((found, thread, access.is_staff()))
}

/// The author within 30 minutes, moderators (course staff) any time.
pub async fn update(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    post_id: Uuid,
    body: &str,
) -> ApiResult<PostDto> {
    let (found, _, staff) = post_access(db, actor, post_id).await?;
    let now = clock.now();
    let own_in_window = found.author_id == actor.id && now - found.created_at <= Duration::minutes(EDIT_WINDOW_MINUTES);
    if !staff && !own_in_window {
        return Err(if found.author_id == actor.id {
            ApiError::Forbidden(Msg::new(
                "Waktu menyunting (30 menit) sudah lewat.",
                "The 30-minute edit window has passed.",
            ))
        } else {
            ApiError::forbidden()
        });
    }
    if found.deleted_at.is_some() {
        return Err(ApiError::conflict("post_removed", Msg::new("Pesan ini sudah dihapus.", "This post was removed.")));
    }
    let mut errors = FieldErrors::new();
    let body = text("body", body, 20_000, &mut errors);
    errors.finish()?;
    let mut active: post::ActiveModel = found.into();
    active.body = Set(body);
    active.edited_at = Set(Some(now));
    let saved = active.update(db).await?;
    let authors = authors(db, vec![saved.author_id]).await?;
    Ok(to_dto(saved, &authors, staff))
}

/// Removes a post softly: the thread stays readable, the post reads "removed".
pub async fn remove(db: &DatabaseConnection, clock: &Clock, actor: &AuthUser, post_id: Uuid) -> ApiResult<PostDto> {
    let (found, _, staff) = post_access(db, actor, post_id).await?;
    if !staff && found.author_id != actor.id {
        return Err(ApiError::forbidden());
    }
    let mut active: post::ActiveModel = found.clone().into();
    if found.deleted_at.is_none() {
        active.deleted_at = Set(Some(clock.now()));
    }
    let saved = active.update(db).await?;
    let authors = authors(db, vec![saved.author_id]).await?;
    Ok(to_dto(saved, &authors, staff))
}

/// The question's author or course staff accept one answer; the question's author and the
/// answer's author hear of it (unless they accepted it themselves).
pub async fn accept(db: &DatabaseConnection, clock: &Clock, actor: &AuthUser, post_id: Uuid) -> ApiResult<ThreadDto> {
    let (found, thread, staff) = post_access(db, actor, post_id).await?;
    if thread.kind != ThreadKind::Question {
        return Err(ApiError::conflict(
            "not_a_question",
            Msg::new("Hanya pertanyaan yang punya jawaban diterima.", "Only questions have an accepted answer."),
        ));
    }
    if !staff && thread.author_id != actor.id {
        return Err(ApiError::forbidden());
    }
    if found.deleted_at.is_some() {
        return Err(ApiError::conflict("post_removed", Msg::new("Pesan ini sudah dihapus.", "This post was removed.")));
    }
    let txn = db.begin().await?;
    let mut active: thread::ActiveModel = thread.clone().into();
    active.accepted_post_id = Set(Some(found.id));
    active.update(&txn).await?;
    let notice = Notice {
        kind: NoticeKind::ForumAnswerAccepted,
        organization_id: None,
        key: format!("post:{}:accepted", found.id),
        title: Msg::new(
            format!("Jawaban diterima di \"{}\"", thread.title),
            format!("Answer accepted in \"{}\"", thread.title),
        ),
        body: Msg::new(excerpt(&found.body), excerpt(&found.body)),
        link: Some(format!("/threads/{}", thread.id)),
        actor_id: Some(actor.id),
    };
    latih_notify::send(&txn, clock, &[thread.author_id, found.author_id], &notice).await?;
    txn.commit().await?;
    get_thread(db, actor, thread.id).await
}

/// A participant reports a post, once; course staff hear of it.
pub async fn report(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    post_id: Uuid,
    reason: &str,
) -> ApiResult<ReportDto> {
    let (found, thread, _) = post_access(db, actor, post_id).await?;
    let mut errors = FieldErrors::new();
    let reason = text("reason", reason, 2000, &mut errors);
    errors.finish()?;
    let txn = db.begin().await?;
    // Claim the post first, so the same person's two reports at once are seen one after the other.
    post::Entity::update_many()
        .col_expr(post::Column::Hidden, Expr::col(post::Column::Hidden))
        .filter(post::Column::Id.eq(found.id))
        .exec(&txn)
        .await?;
    let earlier = post_report::Entity::find()
        .filter(post_report::Column::PostId.eq(found.id))
        .filter(post_report::Column::ReporterId.eq(actor.id))
        .one(&txn)
        .await?;
    if earlier.is_some() {
        txn.rollback().await?;
        return Err(ApiError::conflict(
            "already_reported",
            Msg::new("Anda sudah melaporkan pesan ini.", "You already reported this post."),
        ));
    }
    let saved = post_report::ActiveModel {
        id: Set(new_id()),
        post_id: Set(found.id),
        reporter_id: Set(actor.id),
        reason: Set(reason),
        created_at: Set(clock.now()),
    }
    .insert(&txn)
    .await?;
    let staff = staff_ids(&txn, thread.course_id).await?;
    let notice = Notice {
        kind: NoticeKind::ForumPostReported,
        organization_id: None,
        key: format!("report:{}", saved.id),
        title: Msg::new(
            format!("Laporan pesan di \"{}\"", thread.title),
            format!("A post was reported in \"{}\"", thread.title),
        ),
        body: Msg::new(excerpt(&saved.reason), excerpt(&saved.reason)),
        link: Some(format!("/threads/{}", thread.id)),
        actor_id: Some(actor.id),
    };
    latih_notify::send(&txn, clock, &staff, &notice).await?;
    txn.commit().await?;
    Ok(ReportDto { id: saved.id, post_id: saved.post_id, reason: saved.reason, created_at: saved.created_at })
}

/// Course staff hide (or show again) a post.
pub async fn hide(db: &DatabaseConnection, actor: &AuthUser, post_id: Uuid, hidden: bool) -> ApiResult<PostDto> {
    let (found, _, staff) = post_access(db, actor, post_id).await?;
    if !staff {
        return Err(ApiError::forbidden());
    }
    let mut active: post::ActiveModel = found.into();
    active.hidden = Set(hidden);
    let saved = active.update(db).await?;
    let authors = authors(db, vec![saved.author_id]).await?;
    Ok(to_dto(saved, &authors, true))
}
