//! In-app notifications: written in the transaction of the event that causes them, never to the
//! person who caused it; listed newest first; marked read in bulk.

use latih_kernel::ids::new_id;
use latih_kernel::pagination::{PageQuery, take_page};
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, Msg, Page};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::dto::{MarkedRead, NotificationDto, NotificationParams};
use crate::entity::notification;

/// What happened, for whom.
pub struct Notice<'a> {
    pub kind: &'a str,
    pub title: String,
    pub thread_id: Option<Uuid>,
    pub post_id: Option<Uuid>,
    pub actor_id: Uuid,
}

/// Notifies every one of `recipients` except the actor, once each, on `db` (the event's
/// transaction).
pub async fn notify(
    db: &impl ConnectionTrait,
    clock: &Clock,
    recipients: impl IntoIterator<Item = Uuid>,
    notice: &Notice<'_>,
) -> ApiResult<()> {
    let mut seen = std::collections::HashSet::new();
    let rows: Vec<notification::ActiveModel> = recipients
        .into_iter()
        .filter(|user| *user != notice.actor_id && seen.insert(*user))
        .map(|user_id| notification::ActiveModel {
            id: Set(new_id()),
            user_id: Set(user_id),
            kind: Set(notice.kind.to_owned()),
            title: Set(notice.title.clone()),
            thread_id: Set(notice.thread_id),
            post_id: Set(notice.post_id),
            actor_id: Set(Some(notice.actor_id)),
            read_at: Set(None),
            created_at: Set(clock.now()),
        })
        .collect();
    if !rows.is_empty() {
        notification::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

fn to_dto(m: notification::Model) -> NotificationDto {
    NotificationDto {
        id: m.id,
        kind: m.kind,
        title: m.title,
        thread_id: m.thread_id,
        post_id: m.post_id,
        actor_id: m.actor_id,
        read: m.read_at.is_some(),
        created_at: m.created_at,
    }
}

pub async fn mine(
    db: &DatabaseConnection,
    actor: &AuthUser,
    params: &NotificationParams,
    page: &PageQuery,
) -> ApiResult<Page<NotificationDto>> {
    let limit = page.limit()?;
    let mut query = notification::Entity::find().filter(notification::Column::UserId.eq(actor.id));
    if params.unread {
        query = query.filter(notification::Column::ReadAt.is_null());
    }
    if let Some(after) = page.after::<Uuid>()? {
        query = query.filter(notification::Column::Id.lt(after));
    }
    let rows = query.order_by_desc(notification::Column::Id).limit(limit + 1).all(db).await?;
    let (rows, next_cursor) = take_page(rows, limit, |n| n.id);
    Ok(Page { items: rows.into_iter().map(to_dto).collect(), next_cursor })
}

/// Marks the caller's notifications among `ids` read; others' ids are ignored.
pub async fn mark_read(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    ids: Vec<Uuid>,
) -> ApiResult<MarkedRead> {
    if ids.len() > 500 {
        return Err(ApiError::invalid(
            "ids",
            "too_many",
            Msg::new("Paling banyak 500 sekaligus.", "At most 500 at once."),
        ));
    }
    let updated = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(clock.now()))
        .filter(notification::Column::UserId.eq(actor.id))
        .filter(notification::Column::Id.is_in(ids))
        .filter(notification::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(MarkedRead { updated: updated.rows_affected })
}
