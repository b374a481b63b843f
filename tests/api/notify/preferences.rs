//! `/me/notification-preferences`: defaults, changes, validation, and what always reaches people.

use latih_tests::{problem, send};
use serde_json::json;

use super::pair;

#[actix_web::test]
async fn preferences_start_from_sensible_defaults() {
    let p = pair(&[]).await;
    let (status, prefs) = send(p.app.get("/api/v1/me/notification-preferences", &p.mentee.token)).await;
    assert_eq!(status, 200, "{prefs}");
    assert_eq!((prefs["email"].as_bool(), prefs["digest"].as_str()), (Some(true), Some("off")));
    for event in [
        "enrollment.assigned",
        "enrollment.due_soon",
        "enrollment.overdue",
        "certificate.issued",
        "jp_claim.decided",
        "development_plan.decided",
    ] {
        assert_eq!(prefs["events"][event], json!({"in_app": true, "email": true}), "{event}");
    }
    for event in ["course.completed", "forum.reply", "mentoring.message", "follow_up.due", "jp.at_risk"] {
        assert_eq!(prefs["events"][event], json!({"in_app": true, "email": false}), "{event}");
    }
    let (status, _) = send(p.app.request(reqwest::Method::GET, "/api/v1/me/notification-preferences")).await;
    assert_eq!(status, 401);
}

#[actix_web::test]
async fn a_change_is_kept_for_that_person_only() {
    let p = pair(&[]).await;
    let body = json!({"email": false, "digest": "weekly", "events": {"forum.reply": {"email": true, "in_app": false}}});
    let (status, saved) = send(p.app.put("/api/v1/me/notification-preferences", &p.mentee.token, &body)).await;
    assert_eq!(status, 200, "{saved}");
    let (_, again) = send(p.app.get("/api/v1/me/notification-preferences", &p.mentee.token)).await;
    assert_eq!(again, saved);
    assert_eq!((again["email"].as_bool(), again["digest"].as_str()), (Some(false), Some("weekly")));
    assert_eq!(again["events"]["forum.reply"], json!({"in_app": false, "email": true}));
    assert_eq!(again["events"]["course.completed"], json!({"in_app": true, "email": false}), "the rest stays");
    let (_, mentor) = send(p.app.get("/api/v1/me/notification-preferences", &p.mentor.token)).await;
    assert_eq!((mentor["email"].as_bool(), mentor["digest"].as_str()), (Some(true), Some("off")));
    let (_, partial) =
        send(p.app.put("/api/v1/me/notification-preferences", &p.mentee.token, &json!({"digest": "daily"}))).await;
    assert_eq!((partial["email"].as_bool(), partial["digest"].as_str()), (Some(false), Some("daily")));
}

#[actix_web::test]
async fn assignments_and_deadlines_cannot_be_turned_off_and_nonsense_is_named() {
    let p = pair(&[]).await;
    let path = "/api/v1/me/notification-preferences";
    let off = json!({"events": {"enrollment.assigned": {"in_app": false}, "enrollment.overdue": {"email": false}}});
    let refused = problem(p.app.put(path, &p.mentee.token, &off), 422, "validation_failed").await;
    let fields: Vec<(&str, &str)> = refused["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| (e["field"].as_str().unwrap_or_default(), e["code"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(
        fields,
        [("events.enrollment.assigned.in_app", "always_on"), ("events.enrollment.overdue.email", "always_on")]
    );
    let bad = json!({"digest": "hourly", "events": {"party.started": {"email": true}}});
    let refused = problem(p.app.put(path, &p.mentee.token, &bad), 422, "validation_failed").await;
    let codes: Vec<&str> =
        refused["errors"].as_array().into_iter().flatten().filter_map(|e| e["code"].as_str()).collect();
    assert_eq!(codes, ["invalid_choice", "unknown_event"]);
    let (_, prefs) = send(p.app.get(path, &p.mentee.token)).await;
    assert_eq!(prefs["digest"], "off", "a refused change changes nothing");
    assert_eq!(prefs["events"]["enrollment.assigned"], json!({"in_app": true, "email": true}));
    let (status, _) = send(p.app.put(path, &p.mentee.token, &json!({"email": false}))).await;
    assert_eq!(status, 200);
    let (_, prefs) = send(p.app.get(path, &p.mentee.token)).await;
    assert_eq!(prefs["events"]["enrollment.due_soon"], json!({"in_app": true, "email": true}), "still always e-mailed");
    problem(p.app.patch("/api/v1/me", &p.mentee.token, &json!({"language": "fr"})), 422, "validation_failed").await;
}

#[actix_web::test]
async fn a_body_that_is_not_an_object_changes_nothing() {
    let p = pair(&[]).await;
    for body in [json!([null, null]), json!([false, "weekly"]), json!("email"), json!(7)] {
        let (status, problem) = send(p.app.put("/api/v1/me/notification-preferences", &p.mentee.token, &body)).await;
        assert!(status == 400 || status == 422, "{body} answered {status}: {problem}");
    }
    let (_, prefs) = send(p.app.get("/api/v1/me/notification-preferences", &p.mentee.token)).await;
    assert_eq!((prefs["email"].as_bool(), prefs["digest"].as_str()), (Some(true), Some("off")));
}
