//! The catalog: published courses visible to the caller, plus the courses they staff.

use latih_identity::entity::user;
use latih_kernel::pagination::{PageQuery, take_page};
use latih_kernel::{ApiError, ApiResult, AuthUser, Msg, Page, Role, search, text};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::dto::{CatalogFilter, CourseDto};
use crate::entity::{course, course_staff, course_tag};
use crate::model::{CourseStatus, Visibility};
use crate::service::courses::course_dtos;

/// The organizations where the caller, as their current row says, holds `role`: at most their own.
fn organizations_where(actor: &AuthUser, role: Role) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(user::Column::OrganizationId)
        .from(user::Entity)
        .and_where(user::Column::Id.eq(actor.id))
        .and_where(user::Column::IsActive.eq(true))
        .and_where(user::Column::Roles.contains(role.as_str()))
        .to_owned()
}

/// What the caller may list: published courses visible to them, and every course they staff
/// now (judged from their current roles and organization, not the token's).
fn visible_to(actor: &AuthUser) -> Condition {
    let mut published = Condition::all().add(course::Column::Status.eq(CourseStatus::Published));
    let mut audience = Condition::any().add(course::Column::Visibility.eq(Visibility::Public));
    if let Some(org) = actor.organization_id {
        audience = audience.add(course::Column::OrganizationId.eq(org));
    }
    published = published.add(audience);
    let staffed = Condition::all()
        .add(
            course::Column::Id.in_subquery(
                Query::select()
                    .column(course_staff::Column::CourseId)
                    .from(course_staff::Entity)
                    .and_where(course_staff::Column::UserId.eq(actor.id))
                    .to_owned(),
            ),
        )
        .add(course::Column::OrganizationId.in_subquery(organizations_where(actor, Role::Instructor)));
    let administered = course::Column::OrganizationId.in_subquery(organizations_where(actor, Role::OrgAdmin));
    let platform_admin = Expr::exists(
        Query::select()
            .expr(Expr::value(1))
            .from(user::Entity)
            .and_where(user::Column::Id.eq(actor.id))
            .and_where(user::Column::IsActive.eq(true))
            .and_where(user::Column::Roles.contains(Role::PlatformAdmin.as_str()))
            .to_owned(),
    );
    Condition::any().add(published).add(staffed).add(administered).add(platform_admin)
}

/// The distinct folded words of `q`: at most 8 words and 200 characters, so a search stays cheap.
fn search_words(q: &str) -> ApiResult<Vec<String>> {
    let mut words: Vec<String> = Vec::new();
    for word in text::fold(q).split_whitespace() {
        if !words.iter().any(|w| w == word) {
            words.push(word.to_owned());
        }
    }
    if q.chars().count() > 200 || words.len() > 8 {
        return Err(ApiError::invalid(
            "q",
            "too_long",
            Msg::new(
                "Pencarian paling banyak 8 kata dan 200 karakter.",
                "Search with at most 8 words and 200 characters.",
            ),
        ));
    }
    Ok(words)
}

/// Newest first, keyset-paginated on the time-ordered id. Three queries per page whatever its
/// size: the courses, their tags, their instructors.
pub async fn list(
    db: &DatabaseConnection,
    actor: &AuthUser,
    filter: &CatalogFilter,
    page: &PageQuery,
) -> ApiResult<Page<CourseDto>> {
    let limit = page.limit()?;
    let mut query = course::Entity::find().filter(visible_to(actor));
    if let Some(status) = filter.status {
        query = query.filter(course::Column::Status.eq(status));
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        for word in search_words(q)? {
            query = query.filter(course::Column::SearchText.like(search::contains(&word)));
        }
    }
    if let Some(competency_type) = filter.competency_type {
        query = query.filter(course::Column::CompetencyType.eq(competency_type));
    }
    if let Some(delivery) = filter.delivery {
        query = query.filter(course::Column::Delivery.eq(delivery));
    }
    if let Some(tag) = filter.tag.as_deref().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()) {
        query = query.filter(
            course::Column::Id.in_subquery(
                Query::select()
                    .column(course_tag::Column::CourseId)
                    .from(course_tag::Entity)
                    .and_where(course_tag::Column::Tag.eq(tag))
                    .to_owned(),
            ),
        );
    }
    if let Some(after) = page.after::<Uuid>()? {
        query = query.filter(course::Column::Id.lt(after));
    }
    let rows = query.order_by_desc(course::Column::Id).limit(limit + 1).all(db).await?;
    let (rows, next_cursor) = take_page(rows, limit, |c| c.id);
    Ok(Page { items: course_dtos(db, actor, rows).await?, next_cursor })
}
