//! The caller's in-app notifications: listed newest first in their language, marked read in bulk.

use latih_identity::entity::user;
use latih_kernel::pagination::{PageQuery, take_page};
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, Lang, Msg, Page};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::dto::{MarkedRead, NotificationDto, NotificationParams};
use crate::entity::notification;

/// The notification as `lang` reads it; rows from before English text existed show the
/// Indonesian, and old forum rows lead to their thread.
pub fn to_dto(m: notification::Model, lang: Lang) -> NotificationDto {
    let (title, body) = match lang {
        Lang::Id => (m.title, m.body),
        Lang::En => (m.title_en.unwrap_or(m.title), m.body_en.unwrap_or(m.body)),
    };
    NotificationDto {
        id: m.id,
        event: m.event,
        title,
        body,
        link: m.link.or_else(|| m.thread_id.map(|thread| format!("/threads/{thread}"))),
        read_at: m.read_at,
        created_at: m.created_at,
    }
}

pub async fn mine(
    db: &DatabaseConnection,
    actor: &AuthUser,
    lang: Lang,
    params: &NotificationParams,
    page: &PageQuery,
) -> ApiResult<Page<NotificationDto>> {
    let limit = page.limit()?;
    let chosen: Option<Option<String>> =
        user::Entity::find_by_id(actor.id).select_only().column(user::Column::Language).into_tuple().one(db).await?;
    let lang = match chosen.flatten().as_deref() {
        Some("en") => Lang::En,
        Some("id") => Lang::Id,
        _ => lang,
    };
    let mut query = notification::Entity::find()
        .filter(notification::Column::UserId.eq(actor.id))
        .filter(notification::Column::InApp.eq(true));
    if params.unread {
        query = query.filter(notification::Column::ReadAt.is_null());
    }
    if let Some(after) = page.after::<Uuid>()? {
        query = query.filter(notification::Column::Id.lt(after));
    }
    let rows = query.order_by_desc(notification::Column::Id).limit(limit + 1).all(db).await?;
    let (rows, next_cursor) = take_page(rows, limit, |n| n.id);
    Ok(Page { items: rows.into_iter().map(|row| to_dto(row, lang)).collect(), next_cursor })
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
