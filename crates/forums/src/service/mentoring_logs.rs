//! Meeting logs: the mentee logs a meeting that took place inside the pairing's dates, not after
//! today in the organization's time zone, at most `MAX_MINUTES_PER_DAY` a day in one pairing;
//! the mentor confirms it, and confirmed minutes become JP (45 minutes = 1 JP, rounded down per
//! year) in the mentee's ledger.

use chrono::Datelike;
use latih_identity::entity::{organization, user};
use latih_kernel::ids::new_id;
use latih_kernel::pagination::PageQuery;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg, Page};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use uuid::Uuid;

use crate::dto::{CreateLog, LogDto};
use crate::entity::{mentoring_log, mentorship};
use crate::model::{MAX_MINUTES_PER_DAY, MINUTES_PER_JP};
use crate::service::mentoring::private;

fn log_dto(m: mentoring_log::Model) -> LogDto {
    LogDto {
        id: m.id,
        mentorship_id: m.mentorship_id,
        met_on: m.met_on,
        minutes: m.minutes,
        summary: m.summary,
        confirmed: m.confirmed_at.is_some(),
        confirmed_at: m.confirmed_at,
    }
}

/// The field errors of a log that cannot be true whatever else was logged.
fn check_log(pair: &mentorship::Model, today: chrono::NaiveDate, input: &CreateLog, errors: &mut FieldErrors) {
    if !(1..=MAX_MINUTES_PER_DAY).contains(&input.minutes) {
        errors.add("minutes", "out_of_range", Msg::new("Durasi 1 sampai 480 menit.", "minutes is 1 to 480."));
    }
    if input.met_on > today {
        errors.add("met_on", "in_the_future", Msg::new("Tanggal belum terjadi.", "The date is in the future."));
    } else if input.met_on < pair.starts_on || input.met_on > pair.ends_on {
        errors.add(
            "met_on",
            "outside_mentorship",
            Msg::new(
                format!("Tanggal di luar masa mentoring ({} sampai {}).", pair.starts_on, pair.ends_on),
                format!("The date is outside the mentorship ({} to {}).", pair.starts_on, pair.ends_on),
            ),
        );
    }
    if input.summary.as_ref().is_some_and(|s| s.trim().chars().count() > 5000) {
        errors.add("summary", "too_long", Msg::new("Paling banyak 5000 karakter.", "At most 5000 characters."));
    }
}

/// The mentee logs a meeting. The pairing is claimed first, so two logs of one day sent at
/// once are summed one after the other and cannot pass the daily limit together.
pub async fn log_meeting(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    mentorship_id: Uuid,
    input: CreateLog,
) -> ApiResult<LogDto> {
    let pair = private(db, actor, mentorship_id).await?;
    if pair.mentee_id != actor.id {
        return Err(ApiError::Forbidden(Msg::new(
            "Pertemuan dicatat oleh mentee.",
            "Meetings are logged by the mentee.",
        )));
    }
    let home = organization::Entity::find_by_id(pair.organization_id).one(db).await?;
    let today = clock.today_in(home.as_ref().map_or("UTC", |o| o.timezone.as_str()));
    let mut errors = FieldErrors::new();
    check_log(&pair, today, &input, &mut errors);
    errors.finish()?;
    let summary = input.summary.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let txn = db.begin().await?;
    mentorship::Entity::update_many()
        .col_expr(mentorship::Column::CreatedBy, Expr::col(mentorship::Column::CreatedBy))
        .filter(mentorship::Column::Id.eq(pair.id))
        .exec(&txn)
        .await?;
    let logged: i32 = mentoring_log::Entity::find()
        .filter(mentoring_log::Column::MentorshipId.eq(pair.id))
        .filter(mentoring_log::Column::MetOn.eq(input.met_on))
        .all(&txn)
        .await?
        .iter()
        .map(|l| l.minutes)
        .sum();
    if logged + input.minutes > MAX_MINUTES_PER_DAY {
        txn.rollback().await?;
        let left = (MAX_MINUTES_PER_DAY - logged).max(0);
        return Err(ApiError::invalid(
            "minutes",
            "over_daily_limit",
            Msg::new(
                format!("Paling banyak 480 menit sehari; tersisa {left} menit pada {}.", input.met_on),
                format!("At most 480 minutes a day; {left} minutes are left on {}.", input.met_on),
            ),
        ));
    }
    let saved = mentoring_log::ActiveModel {
        id: Set(new_id()),
        mentorship_id: Set(pair.id),
        met_on: Set(input.met_on),
        minutes: Set(input.minutes),
        summary: Set(summary),
        confirmed_at: Set(None),
        created_at: Set(clock.now()),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(log_dto(saved))
}

pub async fn logs(
    db: &DatabaseConnection,
    actor: &AuthUser,
    mentorship_id: Uuid,
    page: &PageQuery,
) -> ApiResult<Page<LogDto>> {
    let pair = private(db, actor, mentorship_id).await?;
    let limit = page.limit()?;
    let mut query = mentoring_log::Entity::find().filter(mentoring_log::Column::MentorshipId.eq(pair.id));
    if let Some(after) = page.after::<Uuid>()? {
        query = query.filter(mentoring_log::Column::Id.gt(after));
    }
    let rows = query.order_by_asc(mentoring_log::Column::Id).limit(limit + 1).all(db).await?;
    Ok(Page::from_rows(rows, limit, |l| l.id, log_dto))
}

/// The mentor confirms a meeting once; the mentee's mentoring JP for that year is recomputed
/// from every confirmed minute of the year, in the same transaction. The mentee's row is
/// claimed first, so two confirmations at once (in one pairing or two) are summed one after the
/// other and neither is lost.
pub async fn confirm(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    mentorship_id: Uuid,
    log_id: Uuid,
) -> ApiResult<LogDto> {
    let pair = private(db, actor, mentorship_id).await?;
    if pair.mentor_id != actor.id {
        return Err(ApiError::Forbidden(Msg::new(
            "Pertemuan dikonfirmasi oleh mentor.",
            "Meetings are confirmed by the mentor.",
        )));
    }
    let log = mentoring_log::Entity::find_by_id(log_id)
        .one(db)
        .await?
        .filter(|l| l.mentorship_id == pair.id)
        .ok_or_else(ApiError::not_found)?;
    let txn = db.begin().await?;
    user::Entity::update_many()
        .col_expr(user::Column::UpdatedAt, Expr::col(user::Column::UpdatedAt))
        .filter(user::Column::Id.eq(pair.mentee_id))
        .exec(&txn)
        .await?;
    let confirmed = mentoring_log::Entity::update_many()
        .col_expr(mentoring_log::Column::ConfirmedAt, Expr::value(clock.now()))
        .filter(mentoring_log::Column::Id.eq(log.id))
        .filter(mentoring_log::Column::ConfirmedAt.is_null())
        .exec(&txn)
        .await?;
    if confirmed.rows_affected == 0 {
        txn.rollback().await?;
        return Err(ApiError::conflict(
            "already_confirmed",
            Msg::new("Pertemuan ini sudah dikonfirmasi.", "This meeting is already confirmed."),
        ));
    }
    let year = log.met_on.year();
    let bad_year = || ApiError::internal(anyhow::anyhow!("bad year {year}"));
    let from = chrono::NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(bad_year)?;
    let until = chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1).ok_or_else(bad_year)?;
    let pairs: Vec<Uuid> = mentorship::Entity::find()
        .filter(mentorship::Column::MenteeId.eq(pair.mentee_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    let year_logs = mentoring_log::Entity::find()
        .filter(mentoring_log::Column::MentorshipId.is_in(pairs))
        .filter(mentoring_log::Column::ConfirmedAt.is_not_null())
        .filter(mentoring_log::Column::MetOn.gte(from))
        .filter(mentoring_log::Column::MetOn.lt(until))
        .all(&txn)
        .await?;
    let minutes: i32 = year_logs.iter().map(|l| l.minutes).sum();
    let last = year_logs.iter().map(|l| l.met_on).max().unwrap_or(log.met_on);
    let mentee = user::Entity::find_by_id(pair.mentee_id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    latih_progress::service::ledger::set_mentoring(
        &txn,
        clock,
        mentee.id,
        mentee.organization_id,
        year,
        minutes / MINUTES_PER_JP,
        last,
    )
    .await?;
    txn.commit().await?;
    let saved = mentoring_log::Entity::find_by_id(log.id).one(db).await?.ok_or_else(ApiError::not_found)?;
    Ok(log_dto(saved))
}
