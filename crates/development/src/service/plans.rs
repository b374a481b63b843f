//! Individual development plans: a person writes one plan a year (in their organization's time
//! zone), submits it, and their supervisor or org admin approves it or rejects it with a reason;
//! a rejected plan may be submitted again. Earned JP comes from the ledger (`plan_jp`). Each
//! decision is a `development_plan.decided` event and a notice to the owner, in its transaction.

use std::collections::HashMap;

use chrono::Datelike;
use latih_identity::entity::{organization, user};
use latih_identity::model::required_text;
use latih_kernel::ids::new_id;
use latih_kernel::pagination::{PageQuery, take_page};
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg, Page};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use uuid::Uuid;

use crate::dto::{CreatePlan, PlanDto, PlanFilter, PlanItemDto, RejectPlan, UpdatePlan};
use crate::entity::{development_plan as plan, development_plan_item as item};
use crate::events::DevelopmentPlanDecided;
use crate::model::PlanStatus;
use crate::service::people::{Standing, standing};
use crate::service::{plan_items, plan_jp, plan_notices};

fn to_dto(p: plan::Model, items: Vec<&item::Model>, earned: &HashMap<Uuid, i32>) -> PlanDto {
    let items: Vec<PlanItemDto> = items
        .into_iter()
        .map(|i| PlanItemDto {
            earned_jp: earned.get(&i.id).copied().unwrap_or(0),
            id: i.id,
            competency_id: i.competency_id,
            activity: i.activity,
            course_id: i.course_id,
            title: i.title.clone(),
            planned_jp: i.planned_jp,
        })
        .collect();
    PlanDto {
        planned_jp: items.iter().map(|i| i.planned_jp).sum(),
        earned_jp: items.iter().map(|i| i.earned_jp).sum(),
        items,
        id: p.id,
        user_id: p.user_id,
        organization_id: p.organization_id,
        year: p.year,
        status: p.status,
        reason: p.reason,
        submitted_at: p.submitted_at,
        decided_by: p.decided_by,
        decided_at: p.decided_at,
        created_at: p.created_at,
    }
}

/// The plans with their items and earned JP, in three statements.
async fn render(db: &DatabaseConnection, user_id: Uuid, plans: Vec<plan::Model>) -> ApiResult<Vec<PlanDto>> {
    let items = item::Entity::find()
        .filter(item::Column::PlanId.is_in(plans.iter().map(|p| p.id)))
        .order_by_asc(item::Column::Position)
        .all(db)
        .await?;
    let earned = plan_jp::earned(db, user_id, &plans, &items).await?;
    Ok(plans
        .into_iter()
        .map(|p| {
            let mine = items.iter().filter(|i| i.plan_id == p.id).collect();
            to_dto(p, mine, &earned)
        })
        .collect())
}

async fn render_one(db: &DatabaseConnection, p: plan::Model) -> ApiResult<PlanDto> {
    let user_id = p.user_id;
    render(db, user_id, vec![p]).await?.pop().ok_or_else(ApiError::not_found)
}

pub async fn create(db: &DatabaseConnection, clock: &Clock, actor: &AuthUser, input: CreatePlan) -> ApiResult<PlanDto> {
    let person = user::Entity::find_by_id(actor.id).one(db).await?.ok_or_else(ApiError::unauthenticated)?;
    let organization = match person.organization_id {
        Some(org) => organization::Entity::find_by_id(org).one(db).await?,
        None => None,
    };
    let Some(organization) = organization else {
        return Err(ApiError::Forbidden(Msg::new(
            "Rencana pengembangan dibuat oleh pegawai sebuah organisasi.",
            "Development plans are for people of an organization.",
        )));
    };
    let this_year = clock.today_in(&organization.timezone).year();
    let mut errors = FieldErrors::new();
    if input.year != this_year && input.year != this_year + 1 {
        errors.add(
            "year",
            "out_of_range",
            Msg::new(
                format!("Tahun {this_year} atau {}.", this_year + 1),
                format!("{this_year} or {}.", this_year + 1),
            ),
        );
    }
    let titles = plan_items::check(db, &person, organization.id, &input.items, &mut errors).await?;
    errors.finish()?;
    let taken = plan::Entity::find()
        .filter(plan::Column::UserId.eq(person.id))
        .filter(plan::Column::Year.eq(input.year))
        .one(db)
        .await?;
    if taken.is_some() {
        return Err(plan_exists(input.year));
    }
    let txn = db.begin().await?;
    let saved = plan::ActiveModel {
        id: Set(new_id()),
        user_id: Set(person.id),
        organization_id: Set(organization.id),
        year: Set(input.year),
        status: Set(PlanStatus::Draft),
        reason: Set(None),
        submitted_at: Set(None),
        decided_by: Set(None),
        decided_at: Set(None),
        created_at: Set(clock.now()),
    }
    .insert(&txn)
    .await
    .map_err(|e| match ApiError::from(e) {
        ApiError::Conflict { .. } => plan_exists(input.year),
        other => other,
    })?;
    plan_items::insert(&txn, saved.id, &input.items, titles).await?;
    txn.commit().await?;
    render_one(db, saved).await
}

/// Replaces the items of a draft or rejected plan (its owner), in one transaction.
pub async fn update(db: &DatabaseConnection, actor: &AuthUser, plan_id: Uuid, input: UpdatePlan) -> ApiResult<PlanDto> {
    let (found, standing) = plan_and_standing(db, actor, plan_id).await?;
    if standing != Standing::Themselves {
        return Err(ApiError::Forbidden(Msg::new(
            "Hanya pemilik yang mengubah rencana.",
            "Only the owner edits the plan.",
        )));
    }
    let person = user::Entity::find_by_id(found.user_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let mut errors = FieldErrors::new();
    let titles = plan_items::check(db, &person, found.organization_id, &input.items, &mut errors).await?;
    errors.finish()?;
    let txn = db.begin().await?;
    // Claim the plan while it is still editable, so a concurrent submit cannot slip between.
    let editable = plan::Entity::update_many()
        .col_expr(plan::Column::Status, Expr::col(plan::Column::Status))
        .filter(plan::Column::Id.eq(found.id))
        .filter(plan::Column::Status.is_in([PlanStatus::Draft.as_str(), PlanStatus::Rejected.as_str()]))
        .exec(&txn)
        .await?;
    if editable.rows_affected != 1 {
        txn.rollback().await?;
        return Err(status_forbids());
    }
    item::Entity::delete_many().filter(item::Column::PlanId.eq(found.id)).exec(&txn).await?;
    plan_items::insert(&txn, found.id, &input.items, titles).await?;
    txn.commit().await?;
    let now = plan::Entity::find_by_id(found.id).one(db).await?.ok_or_else(ApiError::not_found)?;
    render_one(db, now).await
}

fn status_forbids() -> ApiError {
    ApiError::conflict(
        "plan_status",
        Msg::new("Status rencana tidak memungkinkan langkah ini.", "The plan's status does not allow this step."),
    )
}

fn plan_exists(year: i32) -> ApiError {
    ApiError::conflict(
        "plan_exists",
        Msg::new(format!("Rencana tahun {year} sudah ada."), format!("A plan for {year} already exists.")),
    )
}

/// The plan and how the caller stands to its owner; 404 for anyone else.
async fn plan_and_standing(
    db: &DatabaseConnection,
    actor: &AuthUser,
    plan_id: Uuid,
) -> ApiResult<(plan::Model, Standing)> {
    let found = plan::Entity::find_by_id(plan_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let (_, standing) = standing(db, actor, found.user_id).await?;
    Ok((found, standing))
}

/// Moves the plan from one of `from` to `to` if nobody moved it first.
async fn transition(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    found: &plan::Model,
    from: &[PlanStatus],
    to: PlanStatus,
    reason: Option<String>,
) -> ApiResult<PlanDto> {
    let decided_reason = reason.clone();
    let mut update = plan::Entity::update_many().col_expr(plan::Column::Status, Expr::value(to.as_str()));
    update = if to == PlanStatus::Submitted {
        update
            .col_expr(plan::Column::SubmittedAt, Expr::value(clock.now()))
            .col_expr(plan::Column::Reason, Expr::value(Option::<String>::None))
    } else {
        update
            .col_expr(plan::Column::Reason, Expr::value(reason))
            .col_expr(plan::Column::DecidedBy, Expr::value(actor.id))
            .col_expr(plan::Column::DecidedAt, Expr::value(clock.now()))
    };
    let txn = db.begin().await?;
    let moved = update
        .filter(plan::Column::Id.eq(found.id))
        .filter(plan::Column::Status.is_in(from.iter().map(|s| s.as_str())))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        txn.rollback().await?;
        return Err(status_forbids());
    }
    if to != PlanStatus::Submitted {
        let event = DevelopmentPlanDecided {
            plan_id: found.id,
            user_id: found.user_id,
            organization_id: found.organization_id,
            year: found.year,
            decision: to.as_str().to_owned(),
            reason: decided_reason,
            decided_by: actor.id,
        };
        plan_notices::decided(&txn, clock, &event).await?;
    }
    txn.commit().await?;
    let now = plan::Entity::find_by_id(found.id).one(db).await?.ok_or_else(ApiError::not_found)?;
    render_one(db, now).await
}

pub async fn submit(db: &DatabaseConnection, clock: &Clock, actor: &AuthUser, plan_id: Uuid) -> ApiResult<PlanDto> {
    let (found, standing) = plan_and_standing(db, actor, plan_id).await?;
    if standing != Standing::Themselves {
        return Err(ApiError::Forbidden(Msg::new("Hanya pemilik yang mengajukan.", "Only the owner submits.")));
    }
    transition(db, clock, actor, &found, &[PlanStatus::Draft, PlanStatus::Rejected], PlanStatus::Submitted, None).await
}

async fn decidable(db: &DatabaseConnection, actor: &AuthUser, plan_id: Uuid) -> ApiResult<plan::Model> {
    let (found, standing) = plan_and_standing(db, actor, plan_id).await?;
    if standing == Standing::Themselves {
        return Err(ApiError::Forbidden(Msg::new(
            "Rencana sendiri diputuskan oleh atasan atau admin.",
            "Your own plan is decided by your supervisor or org admin.",
        )));
    }
    Ok(found)
}

pub async fn approve(db: &DatabaseConnection, clock: &Clock, actor: &AuthUser, plan_id: Uuid) -> ApiResult<PlanDto> {
    let found = decidable(db, actor, plan_id).await?;
    transition(db, clock, actor, &found, &[PlanStatus::Submitted], PlanStatus::Approved, None).await
}

pub async fn reject(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    plan_id: Uuid,
    input: RejectPlan,
) -> ApiResult<PlanDto> {
    let found = decidable(db, actor, plan_id).await?;
    let mut errors = FieldErrors::new();
    let reason = errors.check("reason", required_text(&input.reason, 2000));
    errors.finish()?;
    transition(db, clock, actor, &found, &[PlanStatus::Submitted], PlanStatus::Rejected, reason).await
}

/// The person's plans, newest year first (the person, their supervisor, their org admin).
pub async fn list(
    db: &DatabaseConnection,
    actor: &AuthUser,
    person_id: Uuid,
    filter: &PlanFilter,
    page: &PageQuery,
) -> ApiResult<Page<PlanDto>> {
    let (person, _) = standing(db, actor, person_id).await?;
    let limit = page.limit()?;
    let mut query = plan::Entity::find().filter(plan::Column::UserId.eq(person.id));
    if let Some(year) = filter.year {
        query = query.filter(plan::Column::Year.eq(year));
    }
    if let Some(year) = page.after::<i32>()? {
        query = query.filter(plan::Column::Year.lt(year));
    }
    let rows = query.order_by_desc(plan::Column::Year).limit(limit + 1).all(db).await?;
    let (rows, next_cursor) = take_page(rows, limit, |p| p.year);
    Ok(Page { items: render(db, person.id, rows).await?, next_cursor })
}
