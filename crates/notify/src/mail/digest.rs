//! Digests: an hourly tick looks at everyone with notifications waiting for a digest. At the
//! first tick after their period began (07:00 every day, or Monday 07:00, in their organization's
//! time zone), each gets one e-mail listing what waited from before that moment; the outbox key
//! `digest:<person>:<period start>` makes it once, however many nodes or retries.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use latih_identity::entity::{organization, user};
use latih_jobs::{Job, JobContext};
use latih_kernel::ids::new_id;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::job::{EmailJob, lang_of};
use super::mailer::Mailer;
use super::templates::{self, Item};
use super::token::UnsubscribeToken;
use crate::entity::{email_outbox, notification};
use crate::service::preferences::{self, Digest};

pub const DIGEST_JOB_KIND: &str = "notify.digest_tick";

/// People handled per tick; the rest wait an hour.
const BATCH: u64 = 500;

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct DigestTick {}

/// The latest start of a digest period at or before `now`, in `tz`.
pub fn period_start(digest: Digest, tz: Tz, now: DateTime<Utc>) -> DateTime<Utc> {
    let local = now.with_timezone(&tz);
    let seven = NaiveTime::from_hms_opt(7, 0, 0).unwrap_or_default();
    let mut day = local.date_naive();
    if local.time() < seven {
        day = day.pred_opt().unwrap_or(day);
    }
    if digest == Digest::Weekly {
        let back = i64::from(day.weekday().num_days_from_monday());
        day -= chrono::Duration::days(back);
    }
    tz.from_local_datetime(&day.and_time(seven)).earliest().map_or(now, |t| t.with_timezone(&Utc))
}

#[async_trait::async_trait]
impl Job for DigestTick {
    const KIND: &'static str = DIGEST_JOB_KIND;
    const MAX_ATTEMPTS: i32 = 3;
    const TIMEOUT: Duration = Duration::from_secs(300);

    #[tracing::instrument(skip_all)]
    async fn run(self, ctx: &JobContext) -> anyhow::Result<()> {
        let mailer = ctx.services.get::<Mailer>()?;
        let people: Vec<Uuid> = notification::Entity::find()
            .select_only()
            .column(notification::Column::UserId)
            .distinct()
            .filter(notification::Column::EmailStatus.eq("digest"))
            .order_by_asc(notification::Column::UserId)
            .limit(BATCH)
            .into_tuple()
            .all(&ctx.db)
            .await?;
        if people.is_empty() {
            return Ok(());
        }
        let prefs = preferences::load_many(&ctx.db, &people).await?;
        let users: HashMap<Uuid, user::Model> = user::Entity::find()
            .filter(user::Column::Id.is_in(people.clone()))
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        let org_ids: HashSet<Uuid> = users.values().filter_map(|u| u.organization_id).collect();
        let zones: HashMap<Uuid, Tz> = organization::Entity::find()
            .filter(organization::Column::Id.is_in(org_ids))
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.timezone.parse::<Tz>().unwrap_or(chrono_tz::Asia::Jakarta)))
            .collect();
        let now = ctx.clock.now();
        let mut sent = 0usize;
        for person in people {
            let Some(found) = users.get(&person) else { continue };
            let wants = prefs.get(&person).cloned().unwrap_or_default();
            let tz = found.organization_id.and_then(|o| zones.get(&o).copied()).unwrap_or(chrono_tz::Asia::Jakarta);
            // Someone back on single e-mails gets what waited at once.
            let start = if wants.digest == Digest::Off { now } else { period_start(wants.digest, tz, now) };
            if digest_one(ctx, mailer, found, wants.email, start).await? {
                sent += 1;
            }
        }
        tracing::info!(sent, "digests made");
        Ok(())
    }
}

/// Makes `person`'s digest for the period starting at `start`, if anything waited from before
/// it; answers whether one was made.
async fn digest_one(
    ctx: &JobContext,
    mailer: &Mailer,
    person: &user::Model,
    email_on: bool,
    start: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let txn = ctx.db.begin().await?;
    let waiting = notification::Entity::find()
        .filter(notification::Column::UserId.eq(person.id))
        .filter(notification::Column::EmailStatus.eq("digest"))
        .filter(notification::Column::CreatedAt.lte(start))
        .order_by_asc(notification::Column::Id)
        .all(&txn)
        .await?;
    if waiting.is_empty() {
        txn.rollback().await?;
        return Ok(false);
    }
    let ids: Vec<Uuid> = waiting.iter().map(|n| n.id).collect();
    if !email_on || !person.is_active {
        mark(&txn, &ids, "dropped").await?;
        txn.commit().await?;
        return Ok(false);
    }
    let code = person.language.clone().unwrap_or_else(|| "id".to_owned());
    let lang = lang_of(&code);
    let items: Vec<Item<'_>> = waiting
        .iter()
        .map(|n| {
            let (title, body) = match lang {
                latih_kernel::Lang::Id => (n.title.as_str(), n.body.as_str()),
                latih_kernel::Lang::En => {
                    (n.title_en.as_deref().unwrap_or(&n.title), n.body_en.as_deref().unwrap_or(&n.body))
                }
            };
            Item { title, body, link: n.link.as_deref() }
        })
        .collect();
    let unsubscribe =
        templates::unsubscribe_url(mailer, &UnsubscribeToken { user_id: person.id, event: "digest".to_owned() });
    let rendered = templates::digest(mailer, lang, &items, &unsubscribe);
    let id = new_id();
    let row = email_outbox::ActiveModel {
        id: Set(id),
        user_id: Set(person.id),
        notification_id: Set(None),
        dedup_key: Set(format!("digest:{}:{}", person.id, start.to_rfc3339())),
        event: Set("digest".to_owned()),
        to_address: Set(person.email.clone()),
        language: Set(code),
        subject: Set(Some(rendered.subject)),
        text_body: Set(Some(rendered.text)),
        html_body: Set(Some(rendered.html)),
        message_id: Set(format!("digest-{}", id.simple())),
        status: Set("queued".to_owned()),
        attempts: Set(0),
        last_error: Set(None),
        created_at: Set(ctx.clock.now()),
        sent_at: Set(None),
    };
    let inserted = email_outbox::Entity::insert(row)
        .on_conflict(OnConflict::column(email_outbox::Column::DedupKey).do_nothing().to_owned())
        .exec_without_returning(&txn)
        .await?;
    if inserted == 0 {
        // This period's digest exists already: what waits now goes into the next one.
        txn.rollback().await?;
        return Ok(false);
    }
    mark(&txn, &ids, "digested").await?;
    latih_jobs::enqueue(&txn, &ctx.clock, &EmailJob { outbox_id: id, organization_id: person.organization_id }).await?;
    txn.commit().await?;
    Ok(true)
}

async fn mark(db: &impl ConnectionTrait, ids: &[Uuid], status: &str) -> anyhow::Result<()> {
    notification::Entity::update_many()
        .col_expr(notification::Column::EmailStatus, Expr::value(Some(status.to_owned())))
        .filter(notification::Column::Id.is_in(ids.to_vec()))
        .filter(notification::Column::EmailStatus.eq("digest"))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc)).unwrap_or_default()
    }

    #[test]
    fn periods_start_at_seven_local_daily_and_on_mondays() {
        let wib = chrono_tz::Asia::Jakarta;
        // Wednesday 2026-12-02 08:00 WIB = 01:00 UTC.
        assert_eq!(period_start(Digest::Daily, wib, at("2026-12-02T01:00:00Z")), at("2026-12-02T00:00:00Z"));
        // 06:00 WIB: still yesterday's period.
        assert_eq!(period_start(Digest::Daily, wib, at("2026-12-01T23:00:00Z")), at("2026-12-01T00:00:00Z"));
        assert_eq!(period_start(Digest::Weekly, wib, at("2026-12-02T01:00:00Z")), at("2026-11-30T00:00:00Z"));
        let wit = chrono_tz::Asia::Jayapura;
        assert_eq!(period_start(Digest::Daily, wit, at("2026-12-02T01:00:00Z")), at("2026-12-01T22:00:00Z"));
    }
}
