//! The JP ledger across year boundaries, claims and their approval, and the compliance report.

use chrono::{DateTime, Utc};
use latih_kernel::{Role, Roles};
use latih_tests::{TestApp, TestUser, problem, send};
use serde_json::{Value, json};

use super::Course;
use crate::courses::id;

/// Moves the app's clock to `at`.
fn set_clock(app: &TestApp, at: DateTime<Utc>) {
    app.clock.advance(at - app.clock.now());
}

fn token(app: &TestApp, who: &TestUser, roles: &[Role]) -> String {
    app.state.keys.issue(&app.clock, who.id, who.organization_id, &Roles::new(roles.iter().copied())).expect("token")
}

#[actix_web::test]
async fn the_jp_year_follows_the_learners_time_zone() {
    let course = Course::new().await;
    let world = &course.world;
    let jakarta = world.app.organization("JAKARTA", "Asia/Jakarta").await;
    let wib_learner = world.app.user(Some(jakarta), &[Role::Learner]).await;
    world.enrol(&wib_learner, &course.course).await;
    // 31 December 2026 16:30 UTC: already 1 January 2027 in Kupang (WITA, UTC+8), still 2026 in
    // Jakarta (WIB, UTC+7).
    let at = "2026-12-31T16:30:00Z".parse::<DateTime<Utc>>().expect("instant");
    set_clock(&world.app, at);
    for who in [&world.learner, &wib_learner] {
        let fresh = TestUser { token: token(&world.app, who, &[Role::Learner]), ..who.clone() };
        for lesson in &course.lessons[..2] {
            let body = json!({"status": "completed", "position_seconds": 1, "time_spent_seconds": 1, "client_recorded_at": at});
            send(world.app.put(&format!("/api/v1/lessons/{}/progress", id(lesson)), &fresh.token, &body)).await;
        }
        let (_, year_2026) = send(world.app.get("/api/v1/me/jp?year=2026", &fresh.token)).await;
        let (_, year_2027) = send(world.app.get("/api/v1/me/jp?year=2027", &fresh.token)).await;
        let (_, this_year) = send(world.app.get("/api/v1/me/jp", &fresh.token)).await;
        if who.id == world.learner.id {
            assert_eq!((year_2026["earned"].as_i64(), year_2027["earned"].as_i64()), (Some(0), Some(10)), "WITA: 2027");
            assert_eq!(this_year["year"], 2027);
        } else {
            assert_eq!((year_2026["earned"].as_i64(), year_2027["earned"].as_i64()), (Some(10), Some(0)), "WIB: 2026");
            assert_eq!(this_year["year"], 2026);
        }
    }
}

async fn evidence(app: &TestApp, who: &TestUser) -> Value {
    crate::media::upload(app, who, "sertifikat-workshop.pdf", "application/pdf", &crate::media::pdf(500), "evidence")
        .await
}

fn claim_body(evidence: &Value, jp: i64) -> Value {
    json!({"title": "Workshop SPBE", "provider": "Diskominfo Provinsi NTT", "jp": jp, "date": "2026-10-14", "evidence_media_id": evidence["id"]})
}

#[actix_web::test]
async fn a_claim_waits_for_the_learners_org_admin_and_then_counts() {
    let course = Course::new().await;
    let world = &course.world;
    let proof = evidence(&world.app, &world.learner).await;
    let (status, claim) =
        send(world.app.post("/api/v1/me/jp/claims", &world.learner.token, &claim_body(&proof, 8))).await;
    assert_eq!((status.as_u16(), claim["status"].as_str()), (201, Some("pending")), "{claim}");
    let (_, ledger) = send(world.app.get("/api/v1/me/jp?year=2026", &world.learner.token)).await;
    assert_eq!(ledger["earned"], 0, "pending claims do not count");
    let approve = format!("/api/v1/jp/claims/{}/approve", id(&claim));
    problem(world.app.post(&approve, &world.learner.token, &json!({})), 403, "forbidden").await;
    problem(world.app.post(&approve, &world.other_admin.token, &json!({})), 404, "not_found").await;
    problem(world.app.post(&approve, &world.instructor.token, &json!({})), 404, "not_found").await;
    let (_, pending) = send(world.app.get("/api/v1/jp/claims?status=pending", &world.admin.token)).await;
    assert_eq!(pending["items"].as_array().map(Vec::len), Some(1));
    let (status, media) = send(world.app.get(&format!("/api/v1/media/{}", id(&proof)), &world.admin.token)).await;
    assert_eq!(
        (status.as_u16(), media["purpose"].as_str()),
        (200, Some("evidence")),
        "the deciding admin reads the evidence"
    );
    problem(world.app.get(&format!("/api/v1/media/{}", id(&proof)), &world.other_admin.token), 404, "not_found").await;
    let (status, approved) = send(world.app.post(&approve, &world.admin.token, &json!({}))).await;
    assert_eq!((status.as_u16(), approved["status"].as_str()), (200, Some("approved")));
    problem(world.app.post(&approve, &world.admin.token, &json!({})), 409, "claim_decided").await;
    let (_, ledger) = send(world.app.get("/api/v1/me/jp?year=2026", &world.learner.token)).await;
    assert_eq!((ledger["earned"].as_i64(), ledger["entries"][0]["source"].as_str()), (Some(8), Some("claim")));
    let decided = super::events(&world.app, "jp_claim.decided").await;
    assert_eq!(decided.len(), 1, "one decision, one event");
    assert_eq!(
        (decided[0]["claim_id"].as_str(), decided[0]["decision"].as_str(), decided[0]["jp"].as_i64()),
        (Some(id(&claim).as_str()), Some("approved"), Some(8))
    );
    let told = super::notified(&world.app, &world.learner).await;
    assert_eq!(told.iter().filter(|n| n["event"] == "jp_claim.decided").count(), 1, "{told:?}");
    problem(world.app.delete(&format!("/api/v1/media/{}", id(&proof)), &world.learner.token), 409, "media_in_use")
        .await;
}

#[actix_web::test]
async fn nobody_decides_their_own_claim_and_a_rejection_needs_a_reason() {
    let course = Course::new().await;
    let world = &course.world;
    let admin_as_learner = world.app.user(Some(world.kupang), &[Role::OrgAdmin, Role::Learner]).await;
    let proof = evidence(&world.app, &admin_as_learner).await;
    let (_, own) = send(world.app.post("/api/v1/me/jp/claims", &admin_as_learner.token, &claim_body(&proof, 4))).await;
    problem(
        world.app.post(&format!("/api/v1/jp/claims/{}/approve", id(&own)), &admin_as_learner.token, &json!({})),
        403,
        "forbidden",
    )
    .await;
    let reject = format!("/api/v1/jp/claims/{}/reject", id(&own));
    problem(world.app.post(&reject, &world.admin.token, &json!({"reason": "  "})), 422, "validation_failed").await;
    let (status, rejected) =
        send(world.app.post(&reject, &world.admin.token, &json!({"reason": "Bukti tidak terbaca."}))).await;
    assert_eq!(
        (status.as_u16(), rejected["status"].as_str(), rejected["reason"].as_str()),
        (200, Some("rejected"), Some("Bukti tidak terbaca."))
    );
    let told = super::notified(&world.app, &admin_as_learner).await;
    let rejection = told.iter().find(|n| n["event"] == "jp_claim.decided").cloned().unwrap_or_default();
    assert!(
        rejection["body"].as_str().is_some_and(|b| b.contains("Bukti tidak terbaca.")),
        "the reason reaches them: {told:?}"
    );
    let decided = super::events(&world.app, "jp_claim.decided").await;
    assert_eq!((decided.len(), decided[0]["decision"].as_str()), (1, Some("rejected")));
    let someone_elses = evidence(&world.app, &world.learner).await;
    let refused = problem(
        world.app.post("/api/v1/me/jp/claims", &admin_as_learner.token, &claim_body(&someone_elses, 4)),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(refused["errors"][0]["field"], "evidence_media_id");
    let lesson_file = crate::media::upload(
        &world.app,
        &world.learner,
        "modul.pdf",
        "application/pdf",
        &crate::media::pdf(10),
        "forum_attachment",
    )
    .await;
    problem(
        world.app.post("/api/v1/me/jp/claims", &world.learner.token, &claim_body(&lesson_file, 4)),
        422,
        "validation_failed",
    )
    .await;
}

#[actix_web::test]
async fn the_report_counts_compliance_per_unit_and_lists_who_is_below_target() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let (_, unit) = send(app.post(
        &format!("/api/v1/organizations/{org}/units"),
        &admin.token,
        &json!({"name": "BKPSDM", "parent_id": null}),
    ))
    .await;
    let mut learners = Vec::new();
    for n in 0..3 {
        let learner = app.user(Some(org), &[Role::Learner]).await;
        if n < 2 {
            send(app.patch(&format!("/api/v1/users/{}", learner.id), &admin.token, &json!({"unit_id": unit["id"]})))
                .await;
        }
        learners.push(learner);
    }
    // learner 0: 24 JP (compliant); learner 1: 8 JP; learner 2 (no unit): nothing.
    for (learner, jps) in [(&learners[0], vec![12, 12]), (&learners[1], vec![8])] {
        for jp in jps {
            let proof = evidence(&app, learner).await;
            let (_, claim) = send(app.post("/api/v1/me/jp/claims", &learner.token, &claim_body(&proof, jp))).await;
            send(app.post(&format!("/api/v1/jp/claims/{}/approve", id(&claim)), &admin.token, &json!({}))).await;
        }
    }
    let path = format!("/api/v1/reports/jp?organization_id={org}&year=2026");
    let (status, report) = send(app.get(&path, &admin.token)).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        (report["learners"].as_u64(), report["compliant"].as_u64(), report["percent"].as_f64()),
        (Some(3), Some(1), Some(33.3))
    );
    let bkpsdm = report["units"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|u| u["unit_id"] == unit["id"])
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (bkpsdm["learners"].as_u64(), bkpsdm["compliant"].as_u64(), bkpsdm["percent"].as_f64()),
        (Some(2), Some(1), Some(50.0))
    );
    let below: Vec<i64> =
        report["below_target"].as_array().into_iter().flatten().filter_map(|b| b["earned"].as_i64()).collect();
    assert_eq!(below, vec![0, 8]);
    let csv = app.get(&path, &admin.token).header("accept", "text/csv").send().await.expect("csv");
    assert_eq!(csv.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("text/csv; charset=utf-8"));
    let text = csv.text().await.expect("text");
    assert!(text.starts_with("section,unit_id,unit_name,learners,compliant,percent"), "{text}");
    assert_eq!(text.lines().filter(|l| l.starts_with("below_target,")).count(), 2);
    let other = app.organization("JAYAPURA", "Asia/Jayapura").await;
    let other_admin = app.user(Some(other), &[Role::OrgAdmin]).await;
    problem(app.get(&path, &other_admin.token), 404, "not_found").await;
    problem(app.get(&path, &learners[0].token), 403, "forbidden").await;
}
