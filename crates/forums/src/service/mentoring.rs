//! Mentoring: an org admin pairs a mentor and a mentee of the organization; their messages
//! are private to the two of them (the org admin sees only that the pairing exists). Meeting
//! logs and the JP they earn live in `mentoring_logs`.

use std::collections::HashMap;

use chrono::Datelike;
use latih_identity::entity::user;
use latih_kernel::ids::new_id;
use latih_kernel::pagination::{PageQuery, take_page};
use latih_kernel::text::markdown_to_safe_html;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg, Page, Role, Roles};
use latih_notify::{Notice, NoticeKind};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, TransactionTrait,
};
use uuid::Uuid;

use crate::dto::{AuthorRef, CreateMentorship, CreateMessage, MentorshipDto, MessageDto};
use crate::entity::{mentorship, mentorship_message};
use crate::model::MENTORSHIP_YEARS;
use crate::service::threads::text;

fn to_dto(m: mentorship::Model, people: &HashMap<Uuid, user::Model>, private: bool) -> MentorshipDto {
    let person = |id: Uuid| AuthorRef { id, name: people.get(&id).map(|p| p.name.clone()).unwrap_or_default() };
    MentorshipDto {
        mentor: person(m.mentor_id),
        mentee: person(m.mentee_id),
        goals: private.then_some(m.goals),
        id: m.id,
        organization_id: m.organization_id,
        starts_on: m.starts_on,
        ends_on: m.ends_on,
        created_at: m.created_at,
    }
}

async fn people(db: &DatabaseConnection, ids: Vec<Uuid>) -> ApiResult<HashMap<Uuid, user::Model>> {
    Ok(user::Entity::find().filter(user::Column::Id.is_in(ids)).all(db).await?.into_iter().map(|u| (u.id, u)).collect())
}

pub async fn create(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    input: CreateMentorship,
) -> ApiResult<MentorshipDto> {
    actor.require_any(&[Role::OrgAdmin, Role::PlatformAdmin])?;
    let found = people(db, vec![input.mentor_id, input.mentee_id]).await?;
    let mentor = found.get(&input.mentor_id).filter(|p| p.organization_id.is_some_and(|org| actor.administers(org)));
    let mentee = found.get(&input.mentee_id).filter(|p| p.organization_id.is_some_and(|org| actor.administers(org)));
    let mut errors = FieldErrors::new();
    match mentor {
        None => errors.add(
            "mentor_id",
            "not_found",
            Msg::new("Mentor tidak ada di organisasi Anda.", "The mentor is not in your organization."),
        ),
        Some(m) if !Roles::from_column(&m.roles).contains(Role::Mentor) => {
            errors.add(
                "mentor_id",
                "not_a_mentor",
                Msg::new("Orang ini tidak berperan mentor.", "This person does not hold the mentor role."),
            );
        }
        _ => {}
    }
    if mentee.is_none() {
        errors.add(
            "mentee_id",
            "not_found",
            Msg::new("Mentee tidak ada di organisasi Anda.", "The mentee is not in your organization."),
        );
    }
    match (mentor, mentee) {
        (Some(a), Some(b)) if a.id == b.id => errors.add(
            "mentee_id",
            "same_person",
            Msg::new("Mentee bukan mentornya sendiri.", "The mentee cannot be their own mentor."),
        ),
        (Some(a), Some(b)) if a.organization_id != b.organization_id => errors.add(
            "mentee_id",
            "other_organization",
            Msg::new("Mentor dan mentee dari organisasi yang sama.", "Mentor and mentee belong to one organization."),
        ),
        _ => {}
    }
    for (field, date) in [("starts_on", input.starts_on), ("ends_on", input.ends_on)] {
        if !MENTORSHIP_YEARS.contains(&date.year()) {
            errors.add(field, "out_of_range", Msg::new("Tahun 2000 sampai 2100.", "A year from 2000 to 2100."));
        }
    }
    if input.ends_on < input.starts_on {
        errors.add(
            "ends_on",
            "before_start",
            Msg::new("Tanggal selesai sebelum tanggal mulai.", "ends_on is before starts_on."),
        );
    }
    let goals = text("goals", &input.goals, 5000, &mut errors);
    errors.finish()?;
    let organization_id = mentee.and_then(|m| m.organization_id).ok_or_else(ApiError::not_found)?;
    let saved = mentorship::ActiveModel {
        id: Set(new_id()),
        organization_id: Set(organization_id),
        mentor_id: Set(input.mentor_id),
        mentee_id: Set(input.mentee_id),
        starts_on: Set(input.starts_on),
        ends_on: Set(input.ends_on),
        goals: Set(goals),
        created_by: Set(actor.id),
        created_at: Set(clock.now()),
    }
    .insert(db)
    .await?;
    Ok(to_dto(saved, &found, true))
}

/// The pairings the caller is mentor or mentee of; for org admins, also every pairing of their
/// organization (without goals or messages).
pub async fn list(db: &DatabaseConnection, actor: &AuthUser, page: &PageQuery) -> ApiResult<Page<MentorshipDto>> {
    let limit = page.limit()?;
    let mut visible =
        Condition::any().add(mentorship::Column::MentorId.eq(actor.id)).add(mentorship::Column::MenteeId.eq(actor.id));
    if let (true, Some(org)) = (actor.has(Role::OrgAdmin), actor.organization_id) {
        visible = visible.add(mentorship::Column::OrganizationId.eq(org));
    }
    let mut query = mentorship::Entity::find().filter(visible);
    if let Some(after) = page.after::<Uuid>()? {
        query = query.filter(mentorship::Column::Id.lt(after));
    }
    let rows = query.order_by_desc(mentorship::Column::Id).limit(limit + 1).all(db).await?;
    let (rows, next_cursor) = take_page(rows, limit, |m| m.id);
    let found = people(db, rows.iter().flat_map(|m| [m.mentor_id, m.mentee_id]).collect()).await?;
    let items = rows
        .into_iter()
        .map(|m| {
            let private = m.mentor_id == actor.id || m.mentee_id == actor.id;
            to_dto(m, &found, private)
        })
        .collect();
    Ok(Page { items, next_cursor })
}

/// The pairing, for its mentor and mentee only; everyone else (org admins included) 404.
pub(crate) async fn private(
    db: &DatabaseConnection,
    actor: &AuthUser,
    mentorship_id: Uuid,
) -> ApiResult<mentorship::Model> {
    mentorship::Entity::find_by_id(mentorship_id)
        .one(db)
        .await?
        .filter(|m| m.mentor_id == actor.id || m.mentee_id == actor.id)
        .ok_or_else(ApiError::not_found)
}

fn message_dto(m: mentorship_message::Model) -> MessageDto {
    MessageDto {
        body_html: markdown_to_safe_html(&m.body),
        id: m.id,
        author_id: m.author_id,
        body: m.body,
        created_at: m.created_at,
    }
}

pub async fn post_message(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    mentorship_id: Uuid,
    input: CreateMessage,
) -> ApiResult<MessageDto> {
    let pair = private(db, actor, mentorship_id).await?;
    let mut errors = FieldErrors::new();
    let body = text("body", &input.body, 10_000, &mut errors);
    errors.finish()?;
    let txn = db.begin().await?;
    let saved = mentorship_message::ActiveModel {
        id: Set(new_id()),
        mentorship_id: Set(pair.id),
        author_id: Set(actor.id),
        body: Set(body),
        created_at: Set(clock.now()),
    }
    .insert(&txn)
    .await?;
    // The message itself stays private to the pairing: the notice (and its e-mail) only says
    // that there is one.
    let notice = Notice {
        kind: NoticeKind::MentoringMessage,
        organization_id: Some(pair.organization_id),
        key: format!("mentorship_message:{}", saved.id),
        title: Msg::new("Pesan mentoring baru", "New mentoring message"),
        body: Msg::new("Buka percakapan mentoring untuk membacanya.", "Open the mentoring conversation to read it."),
        link: Some(format!("/mentorships/{}/messages", pair.id)),
        actor_id: Some(actor.id),
    };
    latih_notify::send(&txn, clock, &[pair.mentor_id, pair.mentee_id], &notice).await?;
    let recipient_id = if actor.id == pair.mentor_id { pair.mentee_id } else { pair.mentor_id };
    let event = crate::events::MentoringMessage {
        message_id: saved.id,
        mentorship_id: pair.id,
        author_id: actor.id,
        recipient_id,
        organization_id: pair.organization_id,
        created_at: saved.created_at,
    };
    latih_jobs::publish(&txn, clock, &event).await?;
    txn.commit().await?;
    Ok(message_dto(saved))
}

pub async fn messages(
    db: &DatabaseConnection,
    actor: &AuthUser,
    mentorship_id: Uuid,
    page: &PageQuery,
) -> ApiResult<Page<MessageDto>> {
    let pair = private(db, actor, mentorship_id).await?;
    let limit = page.limit()?;
    let mut query = mentorship_message::Entity::find().filter(mentorship_message::Column::MentorshipId.eq(pair.id));
    if let Some(after) = page.after::<Uuid>()? {
        query = query.filter(mentorship_message::Column::Id.gt(after));
    }
    let rows = query.order_by_asc(mentorship_message::Column::Id).limit(limit + 1).all(db).await?;
    let (rows, next_cursor) = take_page(rows, limit, |m| m.id);
    Ok(Page { items: rows.into_iter().map(message_dto).collect(), next_cursor })
}
