//! The hourly job that sends each organization's admins a summary of last month on the 1st, in
//! the organization's time zone: courses its learners completed that month, and the JP
//! compliance of the year so far. Once per month and admin: the notice key is unique per
//! recipient.

use std::time::Duration;

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc};
use latih_courses::entity::enrollment;
use latih_identity::entity::{organization, user};
use latih_jobs::{Job, JobContext};
use latih_kernel::{Clock, Msg};
use latih_notify::{Notice, NoticeKind};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QuerySelect,
    RelationTrait, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::jobs::jp_at_risk::{earned_by, learners};
use crate::model::JP_TARGET;

/// Learners whose JP is summed per statement.
const BATCH: usize = 500;

/// Sends the monthly summaries due now; a run on a day that is no 1st anywhere costs one
/// statement.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct MonthlySummary {}

#[async_trait::async_trait]
impl Job for MonthlySummary {
    const KIND: &'static str = "progress.monthly_summary";
    const MAX_ATTEMPTS: i32 = 3;
    const TIMEOUT: Duration = Duration::from_secs(600);

    async fn run(self, ctx: &JobContext) -> anyhow::Result<()> {
        send_due(&ctx.db, &ctx.clock).await?;
        Ok(())
    }
}

/// Midnight starting `day` in `zone` (UTC when the zone is unknown), as an instant.
fn midnight(zone: &str, day: NaiveDate) -> DateTime<Utc> {
    let local = day.and_time(chrono::NaiveTime::MIN);
    match zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => {
            tz.from_local_datetime(&local).earliest().map_or_else(|| local.and_utc(), |at| at.with_timezone(&Utc))
        }
        Err(_) => local.and_utc(),
    }
}

fn percent(part: u32, whole: u32) -> f64 {
    if whole == 0 { 0.0 } else { (f64::from(part) * 1000.0 / f64::from(whole)).round() / 10.0 }
}

/// Sends every monthly summary due now; answers to how many organizations. Safe to run any
/// number of times.
#[tracing::instrument(skip_all)]
pub async fn send_due(db: &DatabaseConnection, clock: &Clock) -> Result<usize, DbErr> {
    let orgs: Vec<(Uuid, String)> = organization::Entity::find()
        .select_only()
        .column(organization::Column::Id)
        .column(organization::Column::Timezone)
        .into_tuple()
        .all(db)
        .await?;
    let mut sent = 0;
    for (organization_id, zone) in orgs {
        let today = clock.today_in(&zone);
        if today.day() != 1 {
            continue;
        }
        let Some(last_month) = today.checked_sub_days(Days::new(1)).and_then(|d| d.with_day(1)) else { continue };
        let admins: Vec<Uuid> = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .filter(user::Column::OrganizationId.eq(organization_id))
            .filter(user::Column::IsActive.eq(true))
            .filter(Expr::cust("(',' || roles || ',') LIKE '%,org_admin,%'"))
            .into_tuple()
            .all(db)
            .await?;
        if admins.is_empty() {
            continue;
        }
        let completed = enrollment::Entity::find()
            .join(JoinType::InnerJoin, enrollment::Relation::User.def())
            .filter(user::Column::OrganizationId.eq(organization_id))
            .filter(enrollment::Column::CompletedAt.gte(midnight(&zone, last_month)))
            .filter(enrollment::Column::CompletedAt.lt(midnight(&zone, today)))
            .count(db)
            .await?;
        // The year the month belongs to, so January's summary closes the past year.
        let year = last_month.year();
        let people = learners(db, organization_id).await?;
        let mut compliant: u32 = 0;
        for chunk in people.chunks(BATCH) {
            let earned = earned_by(db, chunk, year).await?;
            let fine = chunk.iter().filter(|p| earned.get(*p).copied().unwrap_or(0) >= JP_TARGET).count();
            compliant += u32::try_from(fine).unwrap_or(u32::MAX);
        }
        let total = u32::try_from(people.len()).unwrap_or(u32::MAX);
        let share = percent(compliant, total);
        let month = last_month.format("%Y-%m");
        let notice = Notice {
            kind: NoticeKind::MonthlySummary,
            organization_id: Some(organization_id),
            key: format!("summary:{month}"),
            title: Msg::new(format!("Ringkasan bulanan {month}"), format!("Monthly summary {month}")),
            body: Msg::new(
                format!(
                    "Bulan {month}: {completed} kursus diselesaikan. Kepatuhan JP {year}: {compliant} dari {total} \
                     peserta mencapai {JP_TARGET} JP ({share}%)."
                ),
                format!(
                    "{month}: {completed} courses completed. JP compliance {year}: {compliant} of {total} learners \
                     reached {JP_TARGET} JP ({share}%)."
                ),
            ),
            link: Some("/reports/jp".to_owned()),
            actor_id: None,
        };
        let txn = db.begin().await?;
        latih_notify::send(&txn, clock, &admins, &notice).await?;
        txn.commit().await?;
        sent += 1;
    }
    Ok(sent)
}
