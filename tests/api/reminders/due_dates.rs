//! Reminders 7 days and 1 day before an assignment's deadline and the day after it: once each,
//! in the learner's organization's time zone, never for a completed or withdrawn enrolment.

use chrono::{Days, Duration, NaiveDate};
use latih_courses::DueReminders;
use latih_kernel::Role;
use latih_tests::{TestApp, TestUser, send};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{events, notifications};
use crate::courses::{World, id};
use crate::progress::Course;

const KUPANG: &str = "Asia/Makassar";

fn in_days(app: &TestApp, timezone: &str, days: u64) -> NaiveDate {
    app.clock.today_in(timezone).checked_add_days(Days::new(days)).expect("a date")
}

async fn assign(app: &TestApp, admin: &TestUser, course: &Value, learner: &TestUser, due: NaiveDate) -> String {
    let path = format!("/api/v1/courses/{}/enrollments", id(course));
    let (status, created) =
        send(app.post(&path, &admin.token, &json!({"user_ids": [learner.id], "due_on": due}))).await;
    assert_eq!(status, 201, "{created}");
    id(&created[0])
}

/// Runs the reminder job once more now, beside whatever the schedule has queued.
async fn run_reminders_again(app: &TestApp) {
    latih_jobs::enqueue(&app.db, &app.clock, &DueReminders {}).await.expect("enqueue");
    app.run_jobs().await;
}

/// (due soon, overdue) notifications the learner has.
async fn reminders(app: &TestApp, learner: &TestUser) -> (Vec<Value>, Vec<Value>) {
    (
        notifications(app, learner, &[Role::Learner], "enrollment.due_soon").await,
        notifications(app, learner, &[Role::Learner], "enrollment.overdue").await,
    )
}

fn days_left(payloads: &[Value]) -> Vec<i64> {
    let mut days: Vec<i64> = payloads.iter().filter_map(|p| p["days_left"].as_i64()).collect();
    days.sort_unstable();
    days
}

#[actix_web::test]
async fn a_deadline_is_reminded_seven_days_and_one_day_before_and_the_day_after_once_each() {
    let world = World::new().await;
    let app = &world.app;
    let (course, _) = world.published(json!({})).await;
    let enrollment = assign(app, &world.admin, &course, &world.learner, in_days(app, KUPANG, 8)).await;
    app.run_jobs().await;
    assert_eq!(reminders(app, &world.learner).await, (vec![], vec![]), "8 days before: nothing yet");

    app.clock.advance(Duration::days(1));
    app.run_jobs().await;
    run_reminders_again(app).await;
    let (soon, late) = reminders(app, &world.learner).await;
    assert_eq!((soon.len(), late.len()), (1, 0), "7 days before, once: {soon:?}");
    assert_eq!(soon[0]["link"], format!("/courses/{}", id(&course)));
    assert!(soon[0]["title"].as_str().is_some_and(|t| t.contains("7")), "{}", soon[0]);
    assert_eq!(days_left(&events(app, "enrollment.due_soon", "enrollment_id", &enrollment).await), vec![7]);

    app.clock.advance(Duration::days(5));
    app.run_jobs().await;
    assert_eq!(reminders(app, &world.learner).await.0.len(), 1, "2 days before: nothing new");

    app.clock.advance(Duration::days(1));
    app.run_jobs().await;
    run_reminders_again(app).await;
    let (soon, late) = reminders(app, &world.learner).await;
    assert_eq!((soon.len(), late.len()), (2, 0), "1 day before, once: {soon:?}");
    assert_eq!(days_left(&events(app, "enrollment.due_soon", "enrollment_id", &enrollment).await), vec![1, 7]);

    app.clock.advance(Duration::days(1));
    app.run_jobs().await;
    assert_eq!(reminders(app, &world.learner).await.1.len(), 0, "due today is not overdue");

    app.clock.advance(Duration::days(1));
    app.run_jobs().await;
    run_reminders_again(app).await;
    let (soon, late) = reminders(app, &world.learner).await;
    assert_eq!((soon.len(), late.len()), (2, 1), "the day after, once: {late:?}");
    let overdue = events(app, "enrollment.overdue", "enrollment_id", &enrollment).await;
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0]["user_id"], world.learner.id.to_string());
    assert_eq!(overdue[0]["organization_id"], world.kupang.to_string());

    app.clock.advance(Duration::days(1));
    app.run_jobs().await;
    assert_eq!(reminders(app, &world.learner).await.1.len(), 1, "two days after: nothing new");
    for (who, roles) in [(&world.other_learner, &[Role::Learner][..]), (&world.admin, &[Role::OrgAdmin][..])] {
        assert!(notifications(app, who, roles, "enrollment.due_soon").await.is_empty());
        assert!(notifications(app, who, roles, "enrollment.overdue").await.is_empty());
    }
}

#[actix_web::test]
async fn each_learner_is_reminded_by_their_own_organizations_calendar() {
    let world = World::new().await;
    let app = &world.app;
    let (course, _) = world.published(json!({"visibility": "public"})).await;
    // UTC+14 and UTC-11 are always on different dates, so one calendar for both would miss one.
    let mut reminded = Vec::new();
    for (code, zone) in [("KIRITIMATI", "Pacific/Kiritimati"), ("PAGOPAGO", "Pacific/Pago_Pago")] {
        let org = app.organization(code, zone).await;
        let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
        let learner = app.user(Some(org), &[Role::Learner]).await;
        let enrollment = assign(app, &admin, &course, &learner, in_days(app, zone, 7)).await;
        reminded.push((learner, org, enrollment));
    }
    app.run_jobs().await;
    for (learner, org, enrollment) in &reminded {
        assert_eq!(reminders(app, learner).await.0.len(), 1, "{enrollment}");
        let stored = events(app, "enrollment.due_soon", "enrollment_id", enrollment).await;
        assert_eq!(stored[0]["organization_id"], org.to_string());
    }
}

#[actix_web::test]
async fn completed_and_withdrawn_enrolments_and_self_enrolments_get_no_reminders() {
    let c = Course::new().await;
    let w = &c.world;
    let app = &w.app;
    let finisher = app.user(Some(w.kupang), &[Role::Learner]).await;
    let leaver = app.user(Some(w.kupang), &[Role::Learner]).await;
    assign(app, &w.admin, &c.course, &finisher, in_days(app, KUPANG, 8)).await;
    let left = assign(app, &w.admin, &c.course, &leaver, in_days(app, KUPANG, 8)).await;
    c.complete_lesson(&finisher, &c.lessons[0]).await;
    c.complete_lesson(&finisher, &c.lessons[1]).await;
    let (_, mine) = send(app.get("/api/v1/me/enrollments", &finisher.token)).await;
    assert_eq!(mine["items"][0]["status"], "completed", "{mine}");
    let (status, _) = send(app.delete(&format!("/api/v1/enrollments/{left}"), &leaver.token)).await;
    assert_eq!(status, 200);

    for days in [1, 6, 2] {
        app.clock.advance(Duration::days(days));
        app.run_jobs().await;
    }
    for who in [&finisher, &leaver, &w.learner] {
        assert_eq!(reminders(app, who).await, (vec![], vec![]), "{}", who.id);
    }
    let assigned: Vec<Uuid> = vec![finisher.id, leaver.id, w.learner.id];
    for user in assigned {
        assert!(events(app, "enrollment.due_soon", "user_id", &user.to_string()).await.is_empty());
        assert!(events(app, "enrollment.overdue", "user_id", &user.to_string()).await.is_empty());
    }
}

#[actix_web::test]
async fn two_nodes_running_the_reminders_at_once_remind_once() {
    let world = World::new().await;
    let app = &world.app;
    let (course, _) = world.published(json!({})).await;
    let enrollment = assign(app, &world.admin, &course, &world.learner, in_days(app, KUPANG, 7)).await;
    for _ in 0..3 {
        latih_jobs::enqueue(&app.db, &app.clock, &DueReminders {}).await.expect("enqueue");
    }
    let first = latih_server::jobs::runner(&app.state);
    let second = latih_server::jobs::runner(&app.state);
    let (a, b) = tokio::join!(first.run_until_idle(), second.run_until_idle());
    a.expect("first node");
    b.expect("second node");
    assert_eq!(reminders(app, &world.learner).await.0.len(), 1);
    assert_eq!(events(app, "enrollment.due_soon", "enrollment_id", &enrollment).await.len(), 1);
}
