//! The yearly JP ledger, in the year of the learner's organization's time zone.

use chrono::Datelike;
use latih_identity::entity::organization;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, Msg};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::dto::{JpEntryDto, JpLedger};
use crate::entity::jp_entry;
use crate::model::JP_TARGET;

/// The time zone a person's years are counted in: their organization's (UTC without one).
pub async fn home_zone(db: &DatabaseConnection, organization_id: Option<Uuid>) -> ApiResult<String> {
    let Some(org) = organization_id else { return Ok("UTC".to_owned()) };
    Ok(organization::Entity::find_by_id(org).one(db).await?.map_or_else(|| "UTC".to_owned(), |o| o.timezone))
}

/// A year given by a client, checked.
pub fn check_year(year: i32) -> ApiResult<i32> {
    if (2000..=2100).contains(&year) {
        Ok(year)
    } else {
        Err(ApiError::invalid("year", "out_of_range", Msg::new("Tahun 2000 sampai 2100.", "year is 2000 to 2100.")))
    }
}

/// The caller's ledger for `year` (this year by default).
pub async fn mine(db: &DatabaseConnection, clock: &Clock, actor: &AuthUser, year: Option<i32>) -> ApiResult<JpLedger> {
    let year = match year {
        Some(year) => check_year(year)?,
        None => clock.today_in(&home_zone(db, actor.organization_id).await?).year(),
    };
    let rows = jp_entry::Entity::find()
        .filter(jp_entry::Column::UserId.eq(actor.id))
        .filter(jp_entry::Column::Year.eq(year))
        .order_by_asc(jp_entry::Column::OccurredOn)
        .all(db)
        .await?;
    let earned = rows.iter().map(|r| r.jp).sum();
    let entries = rows
        .into_iter()
        .map(|r| JpEntryDto { source: r.source, title: r.title, jp: r.jp, date: r.occurred_on })
        .collect();
    Ok(JpLedger { year, target: JP_TARGET, earned, entries })
}

/// Sets a person's mentoring JP for a year (whole JP from all confirmed minutes of that year),
/// as one ledger entry per person and year. Runs in the caller's transaction.
pub async fn set_mentoring(
    db: &impl sea_orm::ConnectionTrait,
    clock: &Clock,
    user_id: Uuid,
    organization_id: Option<Uuid>,
    year: i32,
    jp: i32,
    last_met_on: chrono::NaiveDate,
) -> ApiResult<()> {
    use sea_orm::{ActiveModelTrait, Set};

    use crate::model::JpSource;
    let source_id = Uuid::new_v5(&Uuid::NAMESPACE_OID, format!("latih:mentoring:{user_id}:{year}").as_bytes());
    let existing = jp_entry::Entity::find()
        .filter(jp_entry::Column::Source.eq(JpSource::Mentoring))
        .filter(jp_entry::Column::SourceId.eq(source_id))
        .one(db)
        .await?;
    match existing {
        Some(row) if jp == 0 => {
            jp_entry::Entity::delete_by_id(row.id).exec(db).await?;
        }
        Some(row) => {
            let mut active: jp_entry::ActiveModel = row.into();
            active.jp = Set(jp);
            active.occurred_on = Set(last_met_on);
            active.update(db).await?;
        }
        None if jp > 0 => {
            jp_entry::ActiveModel {
                id: Set(latih_kernel::ids::new_id()),
                user_id: Set(user_id),
                organization_id: Set(organization_id),
                year: Set(year),
                source: Set(JpSource::Mentoring),
                source_id: Set(source_id),
                title: Set(format!("Mentoring {year}")),
                jp: Set(jp),
                occurred_on: Set(last_met_on),
                created_at: Set(clock.now()),
            }
            .insert(db)
            .await?;
        }
        None => {}
    }
    Ok(())
}
