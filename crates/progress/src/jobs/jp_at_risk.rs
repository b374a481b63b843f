//! The hourly job that warns learners behind on their yearly JP: on 30 June and 30 September
//! in their organization's time zone, every active learner whose JP for the year is below the
//! target gets a `jp.at_risk` notice (once per checkpoint: the notice key is unique per
//! recipient) and a `jp.at_risk` domain event is published for each notice that is new.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use latih_identity::entity::{organization, user};
use latih_jobs::{Job, JobContext};
use latih_kernel::{Clock, Msg};
use latih_notify::entity::notification;
use latih_notify::{Notice, NoticeKind};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::entity::jp_entry;
use crate::model::JP_TARGET;

/// Learners handled per statement and transaction.
const BATCH: usize = 500;

/// The checkpoints, as (month, day).
const CHECKPOINTS: [(u32, u32); 2] = [(6, 30), (9, 30)];

/// A learner is behind on their yearly JP at a checkpoint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JpAtRisk {
    pub user_id: Uuid,
    pub organization_id: Option<Uuid>,
    pub year: i32,
    pub earned: i32,
    pub target: i32,
    /// The checkpoint date, in the organization's time zone.
    pub checkpoint: NaiveDate,
}

impl latih_jobs::Event for JpAtRisk {
    const NAME: &'static str = "jp.at_risk";

    fn organization_id(&self) -> Option<Uuid> {
        self.organization_id
    }
}

/// Sends the at-risk notices due now; a run on a day that is no checkpoint anywhere costs one
/// statement.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct JpAtRiskCheck {}

#[async_trait::async_trait]
impl Job for JpAtRiskCheck {
    const KIND: &'static str = "progress.jp_at_risk";
    const MAX_ATTEMPTS: i32 = 3;
    const TIMEOUT: Duration = Duration::from_secs(600);

    async fn run(self, ctx: &JobContext) -> anyhow::Result<()> {
        send_due(&ctx.db, &ctx.clock).await?;
        Ok(())
    }
}

#[derive(Debug, FromQueryResult)]
pub(crate) struct Earned {
    pub user_id: Uuid,
    pub total: i64,
}

/// JP earned in `year` by each of `people` (absent: none), as GET /me/jp counts it.
pub(crate) async fn earned_by(
    db: &impl sea_orm::ConnectionTrait,
    people: &[Uuid],
    year: i32,
) -> Result<HashMap<Uuid, i32>, DbErr> {
    Ok(jp_entry::Entity::find()
        .select_only()
        .column(jp_entry::Column::UserId)
        .column_as(jp_entry::Column::Jp.sum(), "total")
        .filter(jp_entry::Column::UserId.is_in(people.iter().copied()))
        .filter(jp_entry::Column::Year.eq(year))
        .group_by(jp_entry::Column::UserId)
        .into_model::<Earned>()
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.user_id, i32::try_from(e.total).unwrap_or(i32::MAX)))
        .collect())
}

/// The active learners of an organization, by id.
pub(crate) async fn learners(db: &impl sea_orm::ConnectionTrait, organization_id: Uuid) -> Result<Vec<Uuid>, DbErr> {
    user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::OrganizationId.eq(organization_id))
        .filter(user::Column::IsActive.eq(true))
        .filter(Expr::cust("(',' || roles || ',') LIKE '%,learner,%'"))
        .order_by_asc(user::Column::Id)
        .into_tuple()
        .all(db)
        .await
}

/// Sends every at-risk notice due now; answers how many were new. Safe to run any number of times.
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
        if !CHECKPOINTS.contains(&(today.month(), today.day())) {
            continue;
        }
        let year = today.year();
        let key = format!("jp.at_risk:{year}:{:02}-{:02}", today.month(), today.day());
        let people = learners(db, organization_id).await?;
        for chunk in people.chunks(BATCH) {
            let earned = earned_by(db, chunk, year).await?;
            let txn = db.begin().await?;
            // Those told already at this checkpoint are left alone, so the event is not repeated.
            let told: HashSet<Uuid> = notification::Entity::find()
                .select_only()
                .column(notification::Column::UserId)
                .filter(notification::Column::UserId.is_in(chunk.iter().copied()))
                .filter(notification::Column::DedupKey.eq(key.clone()))
                .into_tuple::<Uuid>()
                .all(&txn)
                .await?
                .into_iter()
                .collect();
            for person in chunk {
                let points = earned.get(person).copied().unwrap_or(0);
                if points >= JP_TARGET || told.contains(person) {
                    continue;
                }
                let notice = Notice {
                    kind: NoticeKind::JpAtRisk,
                    organization_id: Some(organization_id),
                    key: key.clone(),
                    title: Msg::new("JP Anda masih kurang", "Your JP is behind"),
                    body: Msg::new(
                        format!(
                            "Per {} Anda baru mengumpulkan {points} dari target {JP_TARGET} JP tahun {year}.",
                            today.format("%d-%m-%Y")
                        ),
                        format!(
                            "As of {} you have earned {points} of the {JP_TARGET} JP target for {year}.",
                            today.format("%Y-%m-%d")
                        ),
                    ),
                    link: Some("/me/jp".to_owned()),
                    actor_id: None,
                };
                latih_notify::send(&txn, clock, &[*person], &notice).await?;
                let event = JpAtRisk {
                    user_id: *person,
                    organization_id: Some(organization_id),
                    year,
                    earned: points,
                    target: JP_TARGET,
                    checkpoint: today,
                };
                latih_jobs::publish(&txn, clock, &event).await?;
                sent += 1;
            }
            txn.commit().await?;
        }
    }
    if sent > 0 {
        tracing::info!(sent, "JP at-risk notices sent");
    }
    Ok(sent)
}
