//! What development work tells people: a plan's owner hears of each decision, a supervisor
//! hears once that a follow-up fell due; both are domain events.

use chrono::{Datelike, Duration, Utc};
use latih_development::FollowUpsDue;
use latih_jobs::entity::event;
use latih_kernel::Role;
use latih_tests::{TestApp, TestUser, send};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use super::id;
use crate::progress::Course;
use crate::reminders::notifications;

async fn events(app: &TestApp, name: &str) -> Vec<Value> {
    let rows = event::Entity::find().filter(event::Column::Name.eq(name)).all(&app.db).await.expect("events");
    rows.into_iter().map(|e| e.payload).collect()
}

async fn supervised(c: &Course) -> TestUser {
    let w = &c.world;
    let supervisor = w.app.user(Some(w.kupang), &[Role::Learner]).await;
    let link = json!({"supervisor_id": supervisor.id});
    let (status, _) = send(w.app.patch(&format!("/api/v1/users/{}", w.learner.id), &w.admin.token, &link)).await;
    assert_eq!(status, 200);
    supervisor
}

#[actix_web::test]
async fn the_owner_hears_of_each_decision_on_their_plan() {
    let c = Course::new().await;
    let w = &c.world;
    let supervisor = supervised(&c).await;
    let year = (Utc::now() + Duration::hours(8)).year();
    let body = json!({"year": year, "items": [{"activity": "course", "course_id": id(&c.course), "planned_jp": 10}]});
    let (status, plan) = send(w.app.post("/api/v1/me/development-plans", &w.learner.token, &body)).await;
    assert_eq!(status, 201, "{plan}");
    let step = |action: &str| format!("/api/v1/development-plans/{}/{action}", id(&plan));
    send(w.app.post(&step("submit"), &w.learner.token, &json!({}))).await;
    assert!(
        notifications(&w.app, &w.learner, &[Role::Learner], "development_plan.decided").await.is_empty(),
        "submitting decides nothing"
    );

    let reason = json!({"reason": "Tambahkan kegiatan teknis."});
    let (status, _) = send(w.app.post(&step("reject"), &supervisor.token, &reason)).await;
    assert_eq!(status, 200);
    let heard = notifications(&w.app, &w.learner, &[Role::Learner], "development_plan.decided").await;
    assert_eq!(heard.len(), 1, "{heard:?}");
    assert!(heard[0]["body"].as_str().is_some_and(|b| b.contains("Tambahkan kegiatan teknis.")), "{}", heard[0]);

    send(w.app.post(&step("submit"), &w.learner.token, &json!({}))).await;
    let (status, _) = send(w.app.post(&step("approve"), &w.admin.token, &json!({}))).await;
    assert_eq!(status, 200);
    let heard = notifications(&w.app, &w.learner, &[Role::Learner], "development_plan.decided").await;
    assert_eq!(heard.len(), 2, "each decision is heard: {heard:?}");
    assert_eq!(heard[0]["link"], format!("/users/{}/development-plans?year={year}", w.learner.id));

    let decided = events(&w.app, "development_plan.decided").await;
    let decisions: Vec<(&str, &str)> =
        decided.iter().filter_map(|e| Some((e["decision"].as_str()?, e["decided_by"].as_str()?))).collect();
    let (supervisor_id, admin_id) = (supervisor.id.to_string(), w.admin.id.to_string());
    assert_eq!(decisions.len(), 2);
    assert!(decisions.contains(&("rejected", supervisor_id.as_str())));
    assert!(decisions.contains(&("approved", admin_id.as_str())));
    assert!(decided.iter().all(|e| e["plan_id"] == id(&plan) && e["organization_id"] == w.kupang.to_string()));
    for (who, roles) in [
        (&supervisor, &[Role::Learner][..]),
        (&w.admin, &[Role::OrgAdmin][..]),
        (&w.other_learner, &[Role::Learner][..]),
    ] {
        assert!(notifications(&w.app, who, roles, "development_plan.decided").await.is_empty(), "only the owner hears");
    }
}

#[actix_web::test]
async fn a_supervisor_is_told_once_when_a_follow_up_falls_due() {
    let c = Course::new().await;
    let w = &c.world;
    let supervisor = supervised(&c).await;
    let form = json!({"items": [{"id": "relevan", "kind": "likert", "text": "Relevan"}], "follow_up_days": 30,
        "behaviour_items": [{"id": "terapan", "kind": "likert", "text": "Menerapkan standar pelayanan"}]});
    let (status, _) =
        send(w.app.put(&format!("/api/v1/courses/{}/evaluation", id(&c.course)), &w.instructor.token, &form)).await;
    assert_eq!(status, 200);
    c.complete_lesson(&w.learner, &c.lessons[0]).await;
    c.complete_lesson(&w.learner, &c.lessons[1]).await;
    let (_, mine) = send(w.app.get("/api/v1/me/enrollments", &w.learner.token)).await;
    let follow_up = mine["items"][0]["id"].as_str().unwrap_or_default().to_owned();

    w.app.run_jobs().await;
    w.app.clock.advance(Duration::days(29));
    w.app.run_jobs().await;
    assert!(
        notifications(&w.app, &supervisor, &[Role::Learner], "follow_up.due").await.is_empty(),
        "not due on day 29"
    );

    w.app.clock.advance(Duration::days(1));
    w.app.run_jobs().await;
    latih_jobs::enqueue(&w.app.db, &w.app.clock, &FollowUpsDue {}).await.expect("enqueue");
    w.app.run_jobs().await;
    w.app.clock.advance(Duration::days(1));
    w.app.run_jobs().await;
    let told = notifications(&w.app, &supervisor, &[Role::Learner], "follow_up.due").await;
    assert_eq!(told.len(), 1, "told once: {told:?}");
    assert!(told[0]["title"].as_str().is_some_and(|t| t.contains("Pelayanan Publik Prima")), "{}", told[0]);
    assert_eq!(told[0]["link"], "/me/follow-ups");
    let due = events(&w.app, "follow_up.due").await;
    assert_eq!(due.len(), 1);
    assert_eq!(due[0]["follow_up_id"], follow_up);
    assert_eq!(due[0]["supervisor_id"], supervisor.id.to_string());
    assert_eq!(due[0]["learner_id"], w.learner.id.to_string());
    for (who, roles) in
        [(&w.learner, &[Role::Learner][..]), (&w.admin, &[Role::OrgAdmin][..]), (&w.other_admin, &[Role::OrgAdmin][..])]
    {
        assert!(notifications(&w.app, who, roles, "follow_up.due").await.is_empty(), "only the supervisor is told");
    }
}

#[actix_web::test]
async fn a_follow_up_without_behaviour_items_tells_nobody() {
    let c = Course::new().await;
    let w = &c.world;
    let supervisor = supervised(&c).await;
    let form = json!({"items": [{"id": "relevan", "kind": "likert", "text": "Relevan"}], "follow_up_days": 5});
    let (status, _) =
        send(w.app.put(&format!("/api/v1/courses/{}/evaluation", id(&c.course)), &w.instructor.token, &form)).await;
    assert_eq!(status, 200);
    c.complete_lesson(&w.learner, &c.lessons[0]).await;
    c.complete_lesson(&w.learner, &c.lessons[1]).await;
    w.app.clock.advance(Duration::days(6));
    w.app.run_jobs().await;
    assert!(notifications(&w.app, &supervisor, &[Role::Learner], "follow_up.due").await.is_empty());
    assert!(events(&w.app, "follow_up.due").await.is_empty());
}

#[actix_web::test]
async fn a_follow_up_answered_before_the_job_runs_tells_nobody() {
    let c = Course::new().await;
    let w = &c.world;
    let supervisor = supervised(&c).await;
    let form = json!({"items": [{"id": "relevan", "kind": "likert", "text": "Relevan"}], "follow_up_days": 5,
        "behaviour_items": [{"id": "terapan", "kind": "likert", "text": "Menerapkan standar pelayanan"}]});
    let (status, _) =
        send(w.app.put(&format!("/api/v1/courses/{}/evaluation", id(&c.course)), &w.instructor.token, &form)).await;
    assert_eq!(status, 200);
    c.complete_lesson(&w.learner, &c.lessons[0]).await;
    c.complete_lesson(&w.learner, &c.lessons[1]).await;
    let (_, mine) = send(w.app.get("/api/v1/me/enrollments", &w.learner.token)).await;
    let follow_up = mine["items"][0]["id"].as_str().unwrap_or_default().to_owned();
    w.app.clock.advance(Duration::days(5));
    let token = w.app.token(&supervisor, &[Role::Learner]);
    let answer = json!({"answers": [{"item_id": "terapan", "value": 4}]});
    let (status, _) = send(w.app.post(&format!("/api/v1/follow-ups/{follow_up}/responses"), &token, &answer)).await;
    assert_eq!(status, 201);
    w.app.run_jobs().await;
    assert!(notifications(&w.app, &supervisor, &[Role::Learner], "follow_up.due").await.is_empty());
    assert!(events(&w.app, "follow_up.due").await.is_empty());
}
