//! The JP checkpoints (30 June, 30 September) warn learners below target once, in their
//! organization's time zone; on the 1st the org admins get last month's summary once.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone, Utc};
use latih_kernel::Role;
use latih_kernel::ids::new_id;
use latih_progress::entity::jp_entry;
use latih_progress::model::JpSource;
use latih_tests::{TestApp, TestUser, send};
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};

use super::Course;
use crate::courses::{World, id};

/// Kupang's offset (Asia/Makassar, WITA, no daylight saving).
fn wita() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("offset")
}

/// Noon of `day` in Kupang.
fn noon_in_kupang(day: NaiveDate) -> DateTime<Utc> {
    wita()
        .from_local_datetime(&day.and_hms_opt(12, 0, 0).expect("noon"))
        .single()
        .expect("one instant")
        .with_timezone(&Utc)
}

/// Moves the app's clock forward to `at`.
fn set_clock(app: &TestApp, at: DateTime<Utc>) {
    app.clock.advance(at - app.clock.now());
}

/// The next 30 June or 30 September noon in Kupang.
fn next_checkpoint(app: &TestApp) -> DateTime<Utc> {
    let now = app.clock.now();
    let year = now.with_timezone(&wita()).year();
    [year, year + 1]
        .into_iter()
        .flat_map(|y| [(y, 6), (y, 9)])
        .filter_map(|(y, m)| NaiveDate::from_ymd_opt(y, m, 30))
        .map(noon_in_kupang)
        .find(|at| *at > now)
        .expect("a checkpoint")
}

/// A ledger entry of `jp` for `who` in `year` (as an approved claim leaves one).
async fn give_jp(app: &TestApp, who: &TestUser, year: i32, jp: i32) {
    jp_entry::ActiveModel {
        id: Set(new_id()),
        user_id: Set(who.id),
        organization_id: Set(who.organization_id),
        year: Set(year),
        source: Set(JpSource::Claim),
        source_id: Set(new_id()),
        title: Set("Workshop SPBE".to_owned()),
        jp: Set(jp),
        occurred_on: Set(NaiveDate::from_ymd_opt(year, 1, 15).expect("date")),
        created_at: Set(app.clock.now()),
    }
    .insert(&app.db)
    .await
    .expect("insert jp entry");
}

/// `who`'s notifications of `kind`, with a fresh token.
async fn notices(app: &TestApp, who: &TestUser, roles: &[Role], kind: &str) -> Vec<Value> {
    let token = app.token(who, roles);
    let (status, page) = send(app.get("/api/v1/me/notifications?limit=100", &token)).await;
    assert_eq!(status, 200, "{page}");
    page["items"].as_array().into_iter().flatten().filter(|n| n["event"] == kind).cloned().collect()
}

async fn at_risk_events_for(app: &TestApp, who: &TestUser) -> Vec<Value> {
    super::events(app, "jp.at_risk").await.into_iter().filter(|e| e["user_id"] == json!(who.id)).collect()
}

#[actix_web::test]
async fn learners_below_target_are_warned_once_at_a_checkpoint() {
    let world = World::new().await;
    let app = &world.app;
    let on_target = app.user(Some(world.kupang), &[Role::Learner]).await;
    // Los Angeles is still on 29 June (or 29 September) when it is noon on the 30th in Kupang.
    let los_angeles = app.organization("LOSANGELES", "America/Los_Angeles").await;
    let far_learner = app.user(Some(los_angeles), &[Role::Learner]).await;
    let at = next_checkpoint(app);
    let year = at.with_timezone(&wita()).year();
    give_jp(app, &on_target, year, 12).await;
    give_jp(app, &on_target, year, 8).await;
    give_jp(app, &world.other_learner, year, 25).await;
    give_jp(app, &world.learner, year - 1, 30).await;
    set_clock(app, at);
    let (_, ledger) = send(app.get("/api/v1/me/jp", &app.token(&on_target, &[Role::Learner]))).await;
    assert_eq!((ledger["earned"].as_i64(), ledger["target"].as_i64()), (Some(20), Some(20)), "{ledger}");

    app.run_jobs().await;
    let warned = notices(app, &world.learner, &[Role::Learner], "jp.at_risk").await;
    assert_eq!(warned.len(), 1, "last year's JP do not count: {warned:?}");
    assert_eq!(warned[0]["link"], "/me/jp");
    let body = warned[0]["body"].as_str().unwrap_or_default();
    assert!(body.contains(" 0 ") && body.contains("20"), "earned and target: {body}");
    let events = at_risk_events_for(app, &world.learner).await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!((events[0]["earned"].as_i64(), events[0]["target"].as_i64()), (Some(0), Some(20)));
    assert_eq!(events[0]["year"], year);
    assert_eq!(events[0]["organization_id"], json!(world.kupang));
    for (who, roles, why) in [
        (&on_target, &[Role::Learner][..], "reached the target"),
        (&world.other_learner, &[Role::Learner][..], "another organization's learner on target"),
        (&far_learner, &[Role::Learner][..], "an organization whose date is not the checkpoint"),
        (&world.admin, &[Role::OrgAdmin][..], "admins are not learners"),
    ] {
        assert!(notices(app, who, roles, "jp.at_risk").await.is_empty(), "{why}");
        assert!(at_risk_events_for(app, who).await.is_empty(), "{why}");
    }

    // Later the same day, and once more by hand: nothing new.
    app.clock.advance(chrono::Duration::hours(2));
    app.run_jobs().await;
    latih_jobs::enqueue(&app.db, &app.clock, &latih_progress::jobs::JpAtRiskCheck {}).await.expect("enqueue");
    app.run_jobs().await;
    assert_eq!(notices(app, &world.learner, &[Role::Learner], "jp.at_risk").await.len(), 1);
    assert_eq!(at_risk_events_for(app, &world.learner).await.len(), 1);
}

#[actix_web::test]
async fn org_admins_get_last_months_summary_once_on_the_first() {
    let course = Course::new().await;
    let world = &course.world;
    let app = &world.app;
    for lesson in &course.lessons[..2] {
        course.complete_lesson(&world.learner, lesson).await;
    }
    let (_, progress) =
        send(app.get(&format!("/api/v1/me/courses/{}/progress", id(&course.course)), &world.learner.token)).await;
    assert!(progress["completed_at"].is_string() || progress["status"] == "completed", "{progress}");
    let today = app.clock.now().with_timezone(&wita()).date_naive();
    let month = today.format("%Y-%m").to_string();
    let first = today.with_day(1).and_then(|d| d.checked_add_months(chrono::Months::new(1))).expect("the next first");
    set_clock(app, noon_in_kupang(first));

    app.run_jobs().await;
    let summaries = notices(app, &world.admin, &[Role::OrgAdmin], "report.monthly_summary").await;
    assert_eq!(summaries.len(), 1, "{summaries:?}");
    assert_eq!(summaries[0]["link"], "/reports/jp");
    let body = summaries[0]["body"].as_str().unwrap_or_default();
    assert!(body.contains(&format!("{month}: 1 ")), "one course completed in {month}: {body}");
    assert!(body.contains("0 dari 1") || body.contains("0 of 1"), "0 of 1 learners compliant: {body}");
    let theirs = notices(app, &world.other_admin, &[Role::OrgAdmin], "report.monthly_summary").await;
    assert_eq!(theirs.len(), 1, "{theirs:?}");
    let body = theirs[0]["body"].as_str().unwrap_or_default();
    assert!(body.contains(&format!("{month}: 0 ")), "Kupang's completion is not Jayapura's: {body}");
    assert!(notices(app, &world.learner, &[Role::Learner], "report.monthly_summary").await.is_empty());

    app.clock.advance(chrono::Duration::hours(3));
    app.run_jobs().await;
    latih_jobs::enqueue(&app.db, &app.clock, &latih_progress::jobs::MonthlySummary {}).await.expect("enqueue");
    app.run_jobs().await;
    assert_eq!(notices(app, &world.admin, &[Role::OrgAdmin], "report.monthly_summary").await.len(), 1);
}
